package io.meshlens.textparse;

/** The two exposition formats a scrape can return. */
public enum Format {
    /** Prometheus text format 0.0.4 ({@code text/plain; version=0.0.4}, and any unknown type). */
    PROMETHEUS_TEXT,
    /** OpenMetrics 1.0 text ({@code application/openmetrics-text}). */
    OPENMETRICS
}
