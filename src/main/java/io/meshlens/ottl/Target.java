package io.meshlens.ottl;

import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.Scope;
import io.meshlens.model.Span;

/**
 * What a condition is evaluated over: a mutable cursor, positioned by the caller on a metric (metric
 * context), on point {@code i} of a metric (datapoint context) or on a span. One instance is reused
 * for a whole batch, so evaluating a condition per point allocates nothing for the cursor.
 */
public final class Target {
    Attributes resource = Attributes.EMPTY;
    Scope scope = Scope.EMPTY;
    Metric metric;
    int point = -1;
    Span span;

    /** Positions on a resource and scope (before metrics or spans of that scope). */
    public Target at(Attributes resource, Scope scope) {
        this.resource = resource == null ? Attributes.EMPTY : resource;
        this.scope = scope == null ? Scope.EMPTY : scope;
        return this;
    }

    /** Positions on a metric (metric context). */
    public Target metric(Metric m) {
        this.metric = m;
        this.point = -1;
        return this;
    }

    /** Positions on point {@code i} of the current metric (datapoint context). */
    public Target point(int i) {
        this.point = i;
        return this;
    }

    /** Positions on a span (span context). */
    public Target span(Span s) {
        this.span = s;
        return this;
    }
}
