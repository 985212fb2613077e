package io.meshlens.service;

import io.meshlens.component.Components;
import io.meshlens.exporter.debug.DebugExporterFactory;
import io.meshlens.extension.healthcheck.HealthCheckExtensionFactory;

/** The component factories of this build, registered explicitly (no classpath scanning). */
public final class BuiltinComponents {
    private BuiltinComponents() {
    }

    public static Components create() {
        return new Components()
                .register(new DebugExporterFactory())
                .register(new HealthCheckExtensionFactory());
    }
}
