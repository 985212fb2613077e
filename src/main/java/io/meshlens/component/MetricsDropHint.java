package io.meshlens.component;

import io.meshlens.model.Metric;
import io.meshlens.model.SkippedMetrics;

/**
 * What a consumer would drop whole, told upstream so a receiver need not build it (filter
 * pushdown; the filtering counterpart of the Collector's consumer Capabilities). A consumer offers
 * one through {@link MetricsConsumer#dropHint()}.
 *
 * <p>The contract: {@link #drops} answers for a metric header (name, description, unit, type,
 * temporality, monotonicity set; no points), and a true answer must hold for every metric with
 * that header, whatever its resource, scope and points. A sender that leaves such a metric out
 * records it, with its point count, in the batch's {@link SkippedMetrics}; the consumer that would
 * have dropped it counts it in its telemetry as if it had been there and takes it off the list,
 * and every component on the way counts it too, so no counter changes.
 */
@FunctionalInterface
public interface MetricsDropHint {
    /** True when a metric with this header would be dropped whole, here or further downstream. */
    boolean drops(Metric header);

    /** Both hints must drop (a fan-out: a metric may be left out only if every branch drops it); null if either is. */
    static MetricsDropHint all(MetricsDropHint a, MetricsDropHint b) {
        return a == null || b == null ? null : h -> a.drops(h) && b.drops(h);
    }
}
