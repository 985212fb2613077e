package io.meshlens.textparse;

/**
 * The type named by a {@code # TYPE} line. Text 0.0.4 knows counter, gauge, histogram, summary
 * and untyped (reported as {@link #UNKNOWN}, as Prometheus does); OpenMetrics adds the rest.
 */
public enum FamilyType {
    COUNTER, GAUGE, HISTOGRAM, GAUGE_HISTOGRAM, SUMMARY, INFO, STATESET, UNKNOWN
}
