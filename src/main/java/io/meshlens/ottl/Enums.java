package io.meshlens.ottl;

import java.util.Map;

/** Enum symbols per context, with the int values OTTL gives them (pdata's enum numbers). */
final class Enums {
    private static final Map<String, Long> METRIC = Map.of(
            "METRIC_DATA_TYPE_NONE", 0L,
            "METRIC_DATA_TYPE_GAUGE", 1L,
            "METRIC_DATA_TYPE_SUM", 2L,
            "METRIC_DATA_TYPE_HISTOGRAM", 3L,
            "METRIC_DATA_TYPE_EXPONENTIAL_HISTOGRAM", 4L,
            "METRIC_DATA_TYPE_SUMMARY", 5L,
            "AGGREGATION_TEMPORALITY_UNSPECIFIED", 0L,
            "AGGREGATION_TEMPORALITY_DELTA", 1L,
            "AGGREGATION_TEMPORALITY_CUMULATIVE", 2L);
    private static final Map<String, Long> SPAN = Map.of(
            "SPAN_KIND_UNSPECIFIED", 0L,
            "SPAN_KIND_INTERNAL", 1L,
            "SPAN_KIND_SERVER", 2L,
            "SPAN_KIND_CLIENT", 3L,
            "SPAN_KIND_PRODUCER", 4L,
            "SPAN_KIND_CONSUMER", 5L,
            "STATUS_CODE_UNSET", 0L,
            "STATUS_CODE_OK", 1L,
            "STATUS_CODE_ERROR", 2L);

    private Enums() {
    }

    /** The value of {@code symbol} in {@code ctx}, or null when unknown. */
    static Long lookup(String symbol, OttlContext ctx) {
        Long v = (ctx == OttlContext.SPAN ? SPAN : METRIC).get(symbol);
        if (v == null && ctx == OttlContext.DATAPOINT) {
            // ottldatapoint adds the data point flags to the metric symbols.
            return switch (symbol) {
                case "FLAG_NONE" -> 0L;
                case "FLAG_NO_RECORDED_VALUE" -> 1L;
                default -> null;
            };
        }
        return v;
    }
}
