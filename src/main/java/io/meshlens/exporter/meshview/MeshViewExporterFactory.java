package io.meshlens.exporter.meshview;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.ExporterFactory;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigReader;

import java.util.Set;

/** Factory of the {@code meshview} traces exporter. */
public final class MeshViewExporterFactory implements ExporterFactory<MeshViewExporterConfig> {
    @Override
    public String type() {
        return "meshview";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.TRACES);
    }

    @Override
    public String description() {
        return "keeps the most recent error spans for the meshview extension's root-cause view";
    }

    @Override
    public MeshViewExporterConfig parseConfig(ConfigReader r) {
        ComponentId ext = r.parsed("extension", MeshViewExporterConfig.DEFAULT.extension(), s -> {
            ComponentId id = ComponentId.parse(s);
            if (!id.type().equals("meshview")) {
                throw new IllegalArgumentException("must name a meshview extension (meshview or meshview/<name>), got \""
                        + s + "\"");
            }
            return id;
        });
        r.finish();
        return new MeshViewExporterConfig(ext);
    }

    @Override
    public Exporter create(CreateSettings settings, MeshViewExporterConfig config) {
        return new MeshViewExporter(settings, config);
    }
}
