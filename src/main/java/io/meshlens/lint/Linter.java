package io.meshlens.lint;

import io.meshlens.component.Components;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.Mark;
import io.meshlens.service.ServiceConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code meshlens lint}: loads a config as {@code validate} does and runs every rule over it. Finds
 * what validates but will not do what its author means (see README.md in this package).
 */
public final class Linter {
    private static final List<Rule> RULES = List.of(new ValidatorRule(), new UnanchoredIsMatchRule(),
            new BroadKeepRegexRule(), new SyntheticSeriesRule(), new EnvExpansionRule(),
            new K8sAttributesAssociationRule(), new DuplicateScrapeRule(), new ProcessorOrderRule(),
            new DatasourceMixupRule());

    private static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.mark().source())
            .thenComparingInt(f -> f.mark().line())
            .thenComparingInt(f -> f.mark().column())
            .thenComparing(Finding::rule);

    private Linter() {
    }

    /**
     * Lints the merged {@code files}.
     *
     * @param env the environment for {@code ${env:X}} expansion while loading
     */
    public static LintResult lint(List<Path> files, LintOptions options, Components components, Map<String, String> env) {
        ConfigLoader.Result loaded = ConfigLoader.load(files, List.of(), env);
        ConfigErrors validation = new ConfigErrors();
        validation.addAll(loaded.errors());
        ServiceConfig service = ServiceConfig.parse(loaded.root(), components, validation);
        RawYaml raw = new RawYaml();
        for (Path f : files) {
            try {
                raw.add(f.toString(), Files.readString(f));
            } catch (IOException e) {
                // the loader reported it
            }
        }
        LintContext ctx = new LintContext(loaded.root(), raw, service, validation, options, MetricCatalog.linkerdProxy());
        List<Finding> findings = new ArrayList<>();
        for (Rule r : RULES) {
            r.check(ctx, findings);
        }
        findings.sort(ORDER);
        return new LintResult(dedupe(findings));
    }

    /** The loader and the parser may both report one problem at one place. */
    private static List<Finding> dedupe(List<Finding> sorted) {
        List<Finding> out = new ArrayList<>();
        for (Finding f : sorted) {
            if (out.isEmpty() || !same(out.getLast(), f)) {
                out.add(f);
            }
        }
        return out;
    }

    private static boolean same(Finding a, Finding b) {
        Mark m = a.mark();
        return m.equals(b.mark()) && a.rule().equals(b.rule()) && a.what().equals(b.what());
    }
}
