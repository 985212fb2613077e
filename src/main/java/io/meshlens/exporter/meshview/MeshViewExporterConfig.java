package io.meshlens.exporter.meshview;

import io.meshlens.component.ComponentId;

/**
 * Config of the {@code meshview} traces exporter.
 *
 * @param extension the ID of the {@code meshview} extension whose span store this exporter fills
 */
public record MeshViewExporterConfig(ComponentId extension) {
    public static final MeshViewExporterConfig DEFAULT = new MeshViewExporterConfig(new ComponentId("meshview", ""));
}
