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

    /**
     * Serves {@code handler} under {@code path} on the self-telemetry HTTP server
     * (service.telemetry.metrics.address), e.g. the scrape receiver's {@code /api/v1/targets}.
     *
     * @throws UnsupportedOperationException when self-telemetry is off (level none) or the host has no server
     */
    default void addHttpHandler(String path, com.sun.net.httpserver.HttpHandler handler) {
        throw new UnsupportedOperationException("no self-telemetry HTTP server to serve " + path);
    }
}
