package io.meshlens.cli;

import io.meshlens.component.Components;
import io.meshlens.lint.Explainer;
import io.meshlens.lint.Sample;
import io.meshlens.lint.StageReport;
import io.meshlens.scrape.ScrapeException;
import io.meshlens.service.ServiceRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.concurrent.Callable;

/** {@code meshlens explain --config F... [--sample FILE|URL] [--pipeline ID] [--format text|json]}. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Dry run: feeds one scrape through the prometheus receiver's relabeling and every processor",
                "of a pipeline (exporters are not started) and prints, stage by stage, the families, names, series",
                "and labels per series, the names each stage drops, and the Prometheus names that would land.",
                "Exit 0 on success, 1 when the config is invalid or the sample cannot be explained."})
final class ExplainCommand implements Callable<Integer> {
    enum Format { text, json }

    private final Components components;

    @Mixin
    ConfigOptions config;

    @Option(names = "--sample", paramLabel = "FILE|URL",
            description = "A scraped page (file) or a live /metrics URL; default: a built-in Linkerd proxy page.")
    String sample;

    @Option(names = "--pipeline", paramLabel = "ID",
            description = "e.g. metrics/mesh; default: the first metrics pipeline with a prometheus receiver.")
    String pipeline;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    ExplainCommand(Components components) {
        this.components = components;
    }

    @Override
    public Integer call() {
        ServiceRunner.Loaded loaded = config.load(components);
        if (!loaded.ok()) {
            return ServiceRunner.validate(loaded, System.out, System.err);
        }
        try {
            StageReport r = Explainer.explain(loaded.config(), pipeline, Sample.of(sample));
            System.out.print(format == Format.json ? r.toJson() : r.toText());
            return 0;
        } catch (IllegalArgumentException | IOException | ScrapeException e) {
            System.err.println("explain: " + e.getMessage());
            return 1;
        }
    }
}
