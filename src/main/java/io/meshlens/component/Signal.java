package io.meshlens.component;

/** Telemetry signals a pipeline carries; the pipeline ID's type ({@code metrics/mesh} → METRICS). */
public enum Signal {
    METRICS, TRACES, LOGS;

    public String id() {
        return name().toLowerCase();
    }

    public static Signal fromId(String s) {
        for (Signal x : values()) {
            if (x.id().equals(s)) {
                return x;
            }
        }
        throw new IllegalArgumentException("unknown signal \"" + s + "\" (valid: metrics, traces, logs)");
    }
}
