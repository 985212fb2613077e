package io.meshlens.extension.meshview;

import java.time.Duration;

/**
 * Label names of mesh series as stored by the {@code prometheusremotewrite} exporter with
 * {@code resource_to_telemetry_conversion}: the k8sattributes resource attributes, sanitized, plus
 * the {@code layer="mesh"} the {@code resource/mesh} processor inserts.
 */
final class MeshLabels {
    static final String NAMESPACE = "k8s_namespace_name";
    static final String DEPLOYMENT = "k8s_deployment_name";
    static final String POD = "k8s_pod_name";
    static final String MESH = "layer=\"mesh\"";
    static final String INBOUND = MESH + ",direction=\"inbound\"";
    static final String OUTBOUND = MESH + ",direction=\"outbound\"";

    private MeshLabels() {
    }

    /** A PromQL range such as {@code 60s}. */
    static String range(Duration d) {
        return Math.max(1, d.toSeconds()) + "s";
    }

    /** Finite values as they are, NaN/Inf (no traffic, empty buckets) as null so JSON stays valid. */
    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
