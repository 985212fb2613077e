package io.meshlens.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The unit handed between pipeline components: resource → scope → metric → points, as OTLP's
 * ResourceMetrics. Mutable; a consumer owns the batch it receives (fan-out copies).
 */
public final class MetricBatch {
    private final List<ResourceMetrics> resources;

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

    public MetricBatch copy() {
        List<ResourceMetrics> r = new ArrayList<>(resources.size());
        for (ResourceMetrics x : resources) {
            r.add(x.copy());
        }
        return new MetricBatch(r);
    }
}
