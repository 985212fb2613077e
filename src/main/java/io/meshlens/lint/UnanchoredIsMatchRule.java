package io.meshlens.lint;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.meshlens.config.Mark;
import io.meshlens.ottl.MetricNameTests;

import java.util.List;
import java.util.stream.Collectors;

/**
 * unanchored-ismatch: OTTL's {@code IsMatch} is Go's {@code regexp.MatchString}, which finds the
 * pattern anywhere in the name. A pattern like {@code response_latency_ms.*} written with
 * Prometheus's anchoring in mind also matches {@code control_response_latency_ms}. Fires when a
 * known metric matches the pattern only after the start of its name.
 */
final class UnanchoredIsMatchRule implements Rule {
    static final String ID = "unanchored-ismatch";

    @Override
    public void check(LintContext ctx, List<Finding> out) {
        for (FilterConditions.Written w : FilterConditions.of(ctx)) {
            for (MetricNameTests.Test t : w.nameTests()) {
                if (t.kind() != MetricNameTests.Kind.IS_MATCH) {
                    continue;
                }
                List<MetricCatalog.Family> extra = extra(t.literal(), ctx.catalog);
                if (extra.isEmpty()) {
                    continue;
                }
                String effect = t.keeps() ? "keeps" : "drops";
                String names = extra.stream().map(MetricCatalog.Family::describe).collect(Collectors.joining(", "));
                Mark at = ctx.raw.locate(w.mark(), "\"" + t.literal() + "\"");
                out.add(new Finding(ID, Severity.WARNING, at, "processors::" + w.filter(),
                        "IsMatch(name, \"" + t.literal() + "\") is unanchored (it matches anywhere in the name), so this "
                                + "condition also " + effect + " " + names + ".",
                        "Anchor the pattern: \"" + anchored(t.literal()) + "\" (or compare names with ==)."));
            }
        }
    }

    /**
     * Known families the unanchored pattern matches only somewhere after the start of the name (so
     * never by a match from the start, as a Prometheus user reads the pattern).
     */
    static List<MetricCatalog.Family> extra(String pattern, MetricCatalog catalog) {
        Pattern anywhere;
        Pattern fromStart;
        try {
            anywhere = Pattern.compile(pattern);
            fromStart = Pattern.compile("^(?:" + pattern + ")");
        } catch (PatternSyntaxException e) {
            return List.of(); // the filter's own validation reports it
        }
        return catalog.families().stream()
                .filter(f -> anywhere.matcher(f.name()).find() && !fromStart.matcher(f.name()).find())
                .sorted(java.util.Comparator.comparing(MetricCatalog.Family::optional)) // always-present ones first
                .toList();
    }

    /** {@code ^response_latency_ms.*$}; alternatives are grouped so the anchors apply to all. */
    static String anchored(String re) {
        String s = re.startsWith("^") ? re.substring(1) : re;
        s = s.endsWith("$") && !s.endsWith("\\$") ? s.substring(0, s.length() - 1) : s;
        return s.contains("|") ? "^(?:" + s + ")$" : "^" + s + "$";
    }
}
