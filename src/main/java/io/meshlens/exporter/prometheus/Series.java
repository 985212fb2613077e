package io.meshlens.exporter.prometheus;

import io.meshlens.model.Attributes;

/**
 * The latest state of one exposed series (one OTel data-point stream). Its label text is rendered
 * once, when the series is first seen, and reused by every scrape. Guarded by the
 * {@link Accumulator}'s lock.
 */
final class Series {
    final String family;
    final FamilyType type;
    /** {@code a="x",b="y"} sorted by name, without braces; empty for no labels. */
    final String labels;
    final Attributes resource;

    long startNanos;
    long timeNanos;
    /** Gauge or counter value. */
    double value;
    long count;
    double sum;
    double[] bounds;
    /** Per-bucket (not cumulative) counts, bounds.length + 1 of them. */
    long[] bucketCounts;
    /** Rendered le values of {@link #bounds} per format, cached while the bounds stay the same. */
    String[] leText;
    String[] leOpenMetrics;
    double[] quantiles;
    double[] quantileValues;
    /** System.nanoTime() of the last update, for metric_expiration. */
    long updatedAt;

    Series(String family, FamilyType type, String labels, Attributes resource) {
        this.family = family;
        this.type = type;
        this.labels = labels;
        this.resource = resource;
    }

    void setBounds(double[] b) {
        if (bounds == b || bounds != null && java.util.Arrays.equals(bounds, b)) {
            bounds = b;
            return;
        }
        bounds = b;
        leText = new String[b.length];
        leOpenMetrics = new String[b.length];
        for (int i = 0; i < b.length; i++) {
            leText[i] = GoFloat.format(b[i]);
            leOpenMetrics[i] = GoFloat.formatOpenMetricsBound(b[i]);
        }
    }
}
