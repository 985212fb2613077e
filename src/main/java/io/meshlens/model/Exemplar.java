package io.meshlens.model;

/**
 * An exemplar: a sample value with the trace it was recorded in. {@code traceId}/{@code spanId}
 * are lower-case hex or empty; {@code filteredAttributes} are the labels not on the point.
 */
public record Exemplar(Attributes filteredAttributes, long timeNanos, double value, String traceId, String spanId) {
    public static final Exemplar[] NONE = new Exemplar[0];
}
