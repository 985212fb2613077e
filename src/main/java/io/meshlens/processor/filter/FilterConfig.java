package io.meshlens.processor.filter;

import java.util.List;

/**
 * The filter processor's config, as Collector contrib 0.118's filterprocessor: OTTL conditions per
 * context (any true → drop), or the legacy include/exclude match properties (not both).
 *
 * @param errorMode                what an evaluation error does (default propagate)
 * @param metricConditions         {@code metrics.metric}: metric-context conditions; true drops the metric
 * @param datapointConditions      {@code metrics.datapoint}: datapoint-context conditions; true drops the point
 * @param include                  {@code metrics.include}: keep only matching metrics (null when absent)
 * @param exclude                  {@code metrics.exclude}: drop matching metrics (null when absent)
 * @param spanConditions           {@code traces.span}: span-context conditions; true drops the span
 */
public record FilterConfig(ErrorMode errorMode, List<FilterCondition> metricConditions,
                           List<FilterCondition> datapointConditions, LegacyMatch include, LegacyMatch exclude,
                           List<FilterCondition> spanConditions) {
    public FilterConfig {
        metricConditions = List.copyOf(metricConditions);
        datapointConditions = List.copyOf(datapointConditions);
        spanConditions = List.copyOf(spanConditions);
    }

    /** True when the metrics part does nothing (every metric passes). */
    public boolean passesAllMetrics() {
        return metricConditions.isEmpty() && datapointConditions.isEmpty() && include == null && exclude == null;
    }
}
