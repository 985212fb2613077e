package io.meshlens.lint;

import io.meshlens.config.ConfigNode;
import io.meshlens.config.Mark;
import io.meshlens.ottl.MetricNameTests;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * broad-keep-regex: a {@code metric_relabel_configs} keep on {@code __name__} whose regex admits
 * known families beyond those the config names explicitly elsewhere (the keep-lists of its OTTL
 * filters), or beyond Linkerd's five core families when there is no such list. {@code tcp_.*}
 * keeps five TCP families where the OTTL list names three.
 */
final class BroadKeepRegexRule implements Rule {
    static final String ID = "broad-keep-regex";

    @Override
    public void check(LintContext ctx, List<Finding> out) {
        Set<String> named = explicitlyKept(ctx);
        String reference = named.isEmpty() ? "Linkerd's five core families" : "the names the OTTL filters keep";
        Set<String> wanted = named.isEmpty() ? new LinkedHashSet<>(MetricCatalog.CORE) : named;
        for (ScrapeConfigs.Scrape s : ScrapeConfigs.of(ctx)) {
            for (ScrapeConfigs.NameRule r : ScrapeConfigs.nameRules(s)) {
                if (!r.action().equals("keep")) {
                    continue;
                }
                PromRegex re = PromRegex.compile(r.regex());
                if (re == null) {
                    continue;
                }
                List<MetricCatalog.Family> extra = ctx.catalog.families().stream()
                        .filter(f -> f.sampleNames().stream().anyMatch(re::matches))
                        .filter(f -> !wanted.contains(f.name()))
                        .toList();
                if (extra.isEmpty()) {
                    continue;
                }
                String names = extra.stream().map(MetricCatalog.Family::describe).collect(Collectors.joining(", "));
                out.add(new Finding(ID, Severity.WARNING, regexMark(r), s.component(),
                        "The keep regex \"" + r.regex() + "\" on __name__ (job " + s.job() + ") also keeps families beyond "
                                + reference + " (" + String.join(", ", wanted) + "): " + names + ".",
                        "List exactly the families you want, e.g. regex: \"" + explicitRegex(wanted, ctx.catalog) + "\"."));
            }
        }
    }

    /** Names the OTTL filters keep explicitly: {@code name == "x"} and anchored IsMatch tests under a {@code not}. */
    static Set<String> explicitlyKept(LintContext ctx) {
        Set<String> out = new LinkedHashSet<>();
        for (FilterConditions.Written w : FilterConditions.of(ctx)) {
            for (MetricNameTests.Test t : w.nameTests()) {
                if (!t.keeps()) {
                    continue;
                }
                if (t.kind() == MetricNameTests.Kind.EQUALS) {
                    out.add(t.literal());
                } else {
                    // as the user means it: the pattern as a whole name
                    PromRegex re = PromRegex.compile(t.literal());
                    if (re != null) {
                        ctx.catalog.families().stream().filter(f -> re.matches(f.name())).forEach(f -> out.add(f.name()));
                    }
                }
            }
        }
        return out;
    }

    /** {@code response_total|response_latency_ms_(bucket|count|sum)|...}: the sample names of the families. */
    static String explicitRegex(Set<String> families, MetricCatalog catalog) {
        return families.stream().map(n -> {
            MetricCatalog.Family f = catalog.family(n);
            return f != null && f.type() == MetricCatalog.Type.HISTOGRAM ? n + "_(bucket|count|sum)" : n;
        }).collect(Collectors.joining("|"));
    }

    static Mark regexMark(ScrapeConfigs.NameRule r) {
        ConfigNode regex = LintContext.at(r.node(), "regex");
        return regex != null ? regex.mark() : r.node().mark();
    }
}
