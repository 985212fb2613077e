package io.meshlens.exporter.otlp;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.ExporterFactory;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigReader;

import java.util.Set;

/** Factory of the {@code otlp} (gRPC) exporter. */
public final class OtlpExporterFactory implements ExporterFactory<OtlpExporterConfig> {
    @Override
    public String type() {
        return "otlp";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String description() {
        return "sends metrics and traces as OTLP over gRPC";
    }

    @Override
    public OtlpExporterConfig parseConfig(ConfigReader reader) {
        return OtlpExporterConfig.parse(reader);
    }

    @Override
    public Exporter create(CreateSettings settings, OtlpExporterConfig config) {
        return new OtlpExporter(settings, config);
    }
}
