package io.meshlens.component;

import io.meshlens.telemetry.Telemetry;

import java.util.logging.Logger;

/**
 * Handed to a factory when it creates a component: its ID and kind, the pipeline (processors are
 * created once per pipeline; receivers, exporters and extensions once), self-telemetry and a logger.
 */
public record CreateSettings(ComponentId id, Kind kind, String pipeline, Telemetry telemetry, Logger logger) {
    /** {@code processors::filter/mesh}, the prefix of messages about this component. */
    public String describe() {
        return kind.describe(id);
    }
}
