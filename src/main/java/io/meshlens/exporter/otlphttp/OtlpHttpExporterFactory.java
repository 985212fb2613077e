package io.meshlens.exporter.otlphttp;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.ExporterFactory;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigReader;

import java.util.Set;

/** Factory of the {@code otlphttp} exporter. */
public final class OtlpHttpExporterFactory implements ExporterFactory<OtlpHttpExporterConfig> {
    @Override
    public String type() {
        return "otlphttp";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String description() {
        return "sends metrics and traces as OTLP over HTTP";
    }

    @Override
    public OtlpHttpExporterConfig parseConfig(ConfigReader reader) {
        return OtlpHttpExporterConfig.parse(reader);
    }

    @Override
    public Exporter create(CreateSettings settings, OtlpHttpExporterConfig config) {
        return new OtlpHttpExporter(settings, config);
    }
}
