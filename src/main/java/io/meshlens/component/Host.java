package io.meshlens.component;

import io.meshlens.telemetry.Telemetry;

import java.util.Map;

/** What the running service offers components at start. */
public interface Host {
    /** The extensions that were started, by ID. */
    Map<ComponentId, Extension> extensions();

    /** Self-telemetry registry (served on service.telemetry.metrics.address). */
    Telemetry telemetry();

    /** Reports an unrecoverable error of a running component: the service shuts down. */
    void reportFatalError(ComponentId id, Throwable error);
}
