package io.meshlens.model;

import java.util.ArrayList;
import java.util.List;

/** Metrics of one instrumentation scope. */
public final class ScopeMetrics {
    private Scope scope;
    private final List<Metric> metrics;

    public ScopeMetrics(Scope scope) {
        this(scope, new ArrayList<>());
    }

    public ScopeMetrics(Scope scope, List<Metric> metrics) {
        this.scope = scope;
        this.metrics = metrics;
    }

    public Scope scope() {
        return scope;
    }

    public void setScope(Scope s) {
        this.scope = s;
    }

    /** Mutable list. */
    public List<Metric> metrics() {
        return metrics;
    }

    public ScopeMetrics copy() {
        List<Metric> m = new ArrayList<>(metrics.size());
        for (Metric x : metrics) {
            m.add(x.copy());
        }
        return new ScopeMetrics(scope, m);
    }
}
