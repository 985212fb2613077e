package io.meshlens.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The unit handed between pipeline components: resource → scope → metric → points, as OTLP's
 * ResourceMetrics. Mutable; a consumer owns the batch it receives (fan-out copies).
 */
public final class MetricBatch {
    private final List<ResourceMetrics> resources;
    private SkippedMetrics skipped;

    public MetricBatch() {
        this(new ArrayList<>());
    }

    public MetricBatch(List<ResourceMetrics> resources) {
        this.resources = resources;
    }

    /** Mutable list. */
    public List<ResourceMetrics> resources() {
        return resources;
    }

    public ResourceMetrics addResource(Attributes resource) {
        ResourceMetrics rm = new ResourceMetrics(resource);
        resources.add(rm);
        return rm;
    }

    /** Number of data points, the Collector's item count for metrics (otelcol_*_metric_points). */
    public int pointCount() {
        int n = 0;
        for (ResourceMetrics rm : resources) {
            for (ScopeMetrics sm : rm.scopes()) {
                for (Metric m : sm.metrics()) {
                    n += m.pointCount();
                }
            }
        }
        return n;
    }

    /**
     * The metrics left out on behalf of a downstream consumer (created on first use); see
     * {@code io.meshlens.component.MetricsDropHint}.
     */
    public SkippedMetrics skipped() {
        if (skipped == null) {
            skipped = new SkippedMetrics();
        }
        return skipped;
    }

    /** Replaces the list of left-out metrics ({@code null}: none). */
    public void setSkipped(SkippedMetrics skipped) {
        this.skipped = skipped;
    }

    /** Whether any left-out metric is still recorded. */
    public boolean hasSkipped() {
        return skipped != null && skipped.size() > 0;
    }

    /**
     * {@link #pointCount()} plus the points of the left-out metrics: the item count components
     * report, the same as if nothing had been left out.
     */
    public int pointCountWithSkipped() {
        return skipped == null ? pointCount() : pointCount() + skipped.pointCount();
    }

    public int metricCount() {
        int n = 0;
        for (ResourceMetrics rm : resources) {
            for (ScopeMetrics sm : rm.scopes()) {
                n += sm.metrics().size();
            }
        }
        return n;
    }

    public boolean isEmpty() {
        return pointCount() == 0;
    }

    /** Removes metrics without points, then scopes without metrics, then resources without scopes. */
    public void removeEmpty() {
        resources.removeIf(rm -> {
            rm.scopes().removeIf(sm -> {
                sm.metrics().removeIf(m -> m.pointCount() == 0);
                return sm.metrics().isEmpty();
            });
            return rm.scopes().isEmpty();
        });
    }

    /**
     * Hands every reusable metric back to its maker ({@link Metric#release}): for the last consumer
     * of the batch, once it is done with it; nothing of the batch may be used afterwards.
     */
    public void release() {
        for (ResourceMetrics rm : resources) {
            for (ScopeMetrics sm : rm.scopes()) {
                for (Metric m : sm.metrics()) {
                    m.release();
                }
            }
        }
    }

    public MetricBatch copy() {
        List<ResourceMetrics> r = new ArrayList<>(resources.size());
        for (ResourceMetrics x : resources) {
            r.add(x.copy());
        }
        MetricBatch c = new MetricBatch(r);
        if (hasSkipped()) {
            c.skipped = skipped.copy();
        }
        return c;
    }
}
