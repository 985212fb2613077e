package io.meshlens.model;

import java.util.ArrayList;
import java.util.List;

/** Traces handed between components: resource → scope → spans. Mutable; fan-out copies. */
public final class SpanBatch {
    /** Spans of one resource, grouped by scope. */
    public static final class ResourceSpans {
        private Attributes resource;
        private final List<ScopeSpans> scopes = new ArrayList<>();

        public ResourceSpans(Attributes resource) {
            this.resource = resource;
        }

        public Attributes resource() { return resource; }
        public void setResource(Attributes r) { this.resource = r; }
        public List<ScopeSpans> scopes() { return scopes; }

        public ScopeSpans addScope(Scope scope) {
            ScopeSpans s = new ScopeSpans(scope);
            scopes.add(s);
            return s;
        }
    }

    /** Spans of one instrumentation scope. */
    public static final class ScopeSpans {
        private final Scope scope;
        private final List<Span> spans = new ArrayList<>();

        public ScopeSpans(Scope scope) {
            this.scope = scope;
        }

        public Scope scope() { return scope; }
        public List<Span> spans() { return spans; }
    }

    private final List<ResourceSpans> resources = new ArrayList<>();

    public List<ResourceSpans> resources() {
        return resources;
    }

    public ResourceSpans addResource(Attributes resource) {
        ResourceSpans r = new ResourceSpans(resource);
        resources.add(r);
        return r;
    }

    public int spanCount() {
        int n = 0;
        for (ResourceSpans r : resources) {
            for (ScopeSpans s : r.scopes) {
                n += s.spans.size();
            }
        }
        return n;
    }

    public void removeEmpty() {
        resources.removeIf(r -> {
            r.scopes.removeIf(s -> s.spans.isEmpty());
            return r.scopes.isEmpty();
        });
    }

    public SpanBatch copy() {
        SpanBatch c = new SpanBatch();
        for (ResourceSpans r : resources) {
            ResourceSpans rc = c.addResource(r.resource);
            for (ScopeSpans s : r.scopes) {
                ScopeSpans sc = rc.addScope(s.scope);
                for (Span sp : s.spans) {
                    sc.spans.add(sp.copy());
                }
            }
        }
        return c;
    }
}
