package io.meshlens.cli;

import io.meshlens.component.Components;
import io.meshlens.lint.CollectorVersion;
import io.meshlens.lint.Deploy;
import io.meshlens.lint.LintOptions;
import io.meshlens.lint.LintResult;
import io.meshlens.lint.Linter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code meshlens lint --config F... [--collector-version V] [--deploy daemonset|deployment] [--format text|json] [--strict]}. */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = {"Finds what validates but will not do what you mean: unanchored IsMatch patterns, broad keep",
                "regexes, surviving synthetic series, $ that a Collector release expands or rejects, k8sattributes",
                "without a usable pod association, duplicate scrapes in a DaemonSet, processor order, ...",
                "Exit 0 when clean, 1 with warnings only and --strict, 2 with an error."})
final class LintCommand implements Callable<Integer> {
    enum Format { text, json }

    private final Components components;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"--config", "-c"}, required = true, arity = "1..*", paramLabel = "FILE",
            description = "Collector-format YAML config; several files are merged in order (later wins).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--collector-version", paramLabel = "VERSION", defaultValue = "0.118",
            description = "Collector release the file also runs on, for the env-expansion rule (default: ${DEFAULT-VALUE}).")
    String collectorVersion;

    @Option(names = "--deploy", paramLabel = "daemonset|deployment",
            description = "How the config is deployed; daemonset enables duplicate-scrape-multinode.")
    String deploy;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = "--strict", description = "Exit 1 when there are warnings (and no errors).")
    boolean strict;

    private static Deploy deploy(String s) {
        return switch (s.toLowerCase()) {
            case "daemonset" -> Deploy.DAEMONSET;
            case "deployment", "statefulset" -> Deploy.DEPLOYMENT;
            default -> throw new IllegalArgumentException("invalid --deploy \"" + s + "\" (expected daemonset or deployment)");
        };
    }

    LintCommand(Components components) {
        this.components = components;
    }

    @Override
    public Integer call() {
        LintOptions options;
        try {
            options = new LintOptions(CollectorVersion.parse(collectorVersion), deploy == null ? null : deploy(deploy));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        LintResult result = Linter.lint(files, options, components, System.getenv());
        System.out.print(format == Format.json ? result.toJson() : result.toText());
        return result.exitCode(strict);
    }
}
