package io.meshlens.ottl;

/**
 * What a compiled condition reads. Callers use it to memoize verdicts: a condition that reads only
 * {@link #METRIC} gives the same answer for every metric with the same name/type/unit/description/
 * temporality/monotonicity, whatever its points.
 */
public enum Dependency {
    /** name, description, unit, type, aggregation_temporality, is_monotonic of the metric. */
    METRIC,
    /** resource attributes. */
    RESOURCE,
    /** instrumentation scope name, version, attributes. */
    SCOPE,
    /** every point of the metric (HasAttrOnDatapoint, HasAttrKeyOnDatapoint). */
    DATAPOINTS,
    /** the current data point. */
    DATAPOINT,
    /** the current span. */
    SPAN
}
