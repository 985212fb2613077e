package io.meshlens.exporter.prometheusremotewrite;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Kind;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.telemetry.Telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** Builds exporters from YAML snippets and small batches, for this package's tests and the e2e tests. */
public final class ExporterFixtures {
    static final PrometheusRemoteWriteExporterFactory FACTORY = new PrometheusRemoteWriteExporterFactory();

    private ExporterFixtures() {
    }

    /** Parses exporters::{id} of a YAML file; errors are collected into {@code errors}. */
    public static PrometheusRemoteWriteConfig parse(Path file, String id, ConfigErrors errors) {
        ConfigLoader.Result r = ConfigLoader.load(List.of(file), List.of(), Map.of());
        errors.addAll(r.errors());
        ConfigNode.MapNode exporters = (ConfigNode.MapNode) r.root().get("exporters");
        ConfigNode section = exporters.get(id) instanceof ConfigNode.MapNode m ? m : null;
        return FACTORY.parseConfig(new ConfigReader(section, "exporters::" + id, errors));
    }

    /** Parses the body of one exporter section (YAML, indented at column 0); fails on config errors. */
    public static PrometheusRemoteWriteConfig config(String yamlBody) {
        try {
            Path f = Files.createTempFile("prw", ".yaml");
            String indented = "  " + yamlBody.strip().replace("\n", "\n    ");
            Files.writeString(f, "exporters:\n  prometheusremotewrite:\n  " + indented + "\n");
            ConfigErrors errors = new ConfigErrors();
            PrometheusRemoteWriteConfig c = parse(f, "prometheusremotewrite", errors);
            Files.delete(f);
            errors.throwIfErrors();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CreateSettings settings(Telemetry t) {
        return new CreateSettings(ComponentId.parse("prometheusremotewrite"), Kind.EXPORTER, "metrics", t,
                Logger.getLogger("prometheusremotewrite"));
    }

    public static PrometheusRemoteWriteExporter start(PrometheusRemoteWriteConfig c, Telemetry t) throws Exception {
        PrometheusRemoteWriteExporter e = (PrometheusRemoteWriteExporter) FACTORY.create(settings(t), c);
        e.start(null);
        return e;
    }

    /** One gauge point {@code name{seq="n"} = n} of resource service.name=test at {@code millis}. */
    public static MetricBatch numbered(String name, long n, long millis) {
        MetricBatch b = new MetricBatch();
        NumberPoints p = new NumberPoints();
        p.addDouble(Attributes.EMPTY, 0, millis * 1_000_000L, n, 0);
        b.addResource(Attributes.of("service.name", "test")).addScope(Scope.EMPTY).metrics()
                .add(Metric.gauge(name, "", "", p));
        return b;
    }

    public static double metric(Telemetry t, String name) {
        return t.value(name, Attributes.of("exporter", "prometheusremotewrite"));
    }
}
