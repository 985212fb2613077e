package io.meshlens.model;

import java.util.ArrayList;
import java.util.List;

/** Metrics of one resource (e.g. one scrape target: service.name=job, service.instance.id=instance). */
public final class ResourceMetrics {
    private Attributes resource;
    private String schemaUrl;
    private final List<ScopeMetrics> scopes;

    public ResourceMetrics(Attributes resource) {
        this(resource, "", new ArrayList<>());
    }

    public ResourceMetrics(Attributes resource, String schemaUrl, List<ScopeMetrics> scopes) {
        this.resource = resource;
        this.schemaUrl = schemaUrl == null ? "" : schemaUrl;
        this.scopes = scopes;
    }

    public Attributes resource() {
        return resource;
    }

    public void setResource(Attributes r) {
        this.resource = r;
    }

    public String schemaUrl() {
        return schemaUrl;
    }

    public void setSchemaUrl(String s) {
        this.schemaUrl = s == null ? "" : s;
    }

    /** Mutable list. */
    public List<ScopeMetrics> scopes() {
        return scopes;
    }

    public ScopeMetrics addScope(Scope scope) {
        ScopeMetrics sm = new ScopeMetrics(scope);
        scopes.add(sm);
        return sm;
    }

    public ResourceMetrics copy() {
        List<ScopeMetrics> s = new ArrayList<>(scopes.size());
        for (ScopeMetrics x : scopes) {
            s.add(x.copy());
        }
        return new ResourceMetrics(resource, schemaUrl, s);
    }
}
