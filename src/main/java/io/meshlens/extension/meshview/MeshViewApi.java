package io.meshlens.extension.meshview;

import io.meshlens.extension.meshview.PromClient.PromException;
import io.meshlens.telemetry.CardinalityTracker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents of the mesh view, one method per API path. Every document carries the time
 * it was made ({@code updated}), the datasource check, and on failure an {@code error} that says
 * what to do, so the page and the CLI show the same words.
 */
final class MeshViewApi {
    /** Error spans shown per failing edge. */
    static final int SPANS_PER_EDGE = 5;

    private final MeshViewConfig config;
    private final PromClient mesh;
    private final PromClient app;
    private final SpanStore spans;
    private final CardinalityTracker tracker;

    MeshViewApi(MeshViewConfig config, PromClient mesh, PromClient app, SpanStore spans, CardinalityTracker tracker) {
        this.config = config;
        this.mesh = mesh;
        this.app = app;
        this.spans = spans;
        this.tracker = tracker;
    }

    record SpanView(String traceId, String spanId, String name, String service, String statusMessage, String time,
                    String link) {
    }

    record EdgeView(EdgeStats.Edge edge, boolean failing, List<SpanView> rootCause) {
    }

    Map<String, Object> config() {
        Map<String, Object> m = envelope(false);
        m.put("refreshIntervalMs", config.refreshInterval().toMillis());
        m.put("window", MeshLabels.range(config.window()));
        m.put("traceUiUrl", config.traceUiUrl());
        m.put("meshDatasource", mesh.baseUrl());
        m.put("appDatasource", app.baseUrl());
        return m;
    }

    Map<String, Object> datasources() {
        return envelope(true);
    }

    Map<String, Object> workloads() {
        Map<String, Object> m = envelope(true);
        try {
            m.put("workloads", WorkloadStats.query(mesh, config.window()));
        } catch (PromException e) {
            m.put("workloads", List.of());
            m.put("error", e.getMessage());
        }
        return m;
    }

    Map<String, Object> edges() {
        Map<String, Object> m = envelope(true);
        try {
            List<EdgeView> out = new ArrayList<>();
            for (EdgeStats.Edge e : EdgeStats.query(mesh, config.window())) {
                List<SpanView> cause = e.failing() ? rootCause(e) : List.of();
                out.add(new EdgeView(e, e.failing(), cause));
            }
            m.put("edges", out);
        } catch (PromException e) {
            m.put("edges", List.of());
            m.put("error", e.getMessage());
        }
        m.put("spansStored", spans.size());
        return m;
    }

    Map<String, Object> latency() {
        Map<String, Object> m = envelope(true);
        LatencyComparison.Chart chart = LatencyComparison.query(mesh, app, config.window(), config.latency());
        m.put("chart", chart);
        if (!chart.errors().isEmpty()) {
            m.put("error", String.join("; ", chart.errors()));
        }
        return m;
    }

    Map<String, Object> cardinality() {
        Map<String, Object> m = envelope(true);
        m.put("pipelines", tracker.snapshot());
        try {
            m.put("backend", BackendCardinality.query(mesh, config.window().plusMinutes(5)));
        } catch (PromException e) {
            m.put("error", e.getMessage());
        }
        return m;
    }

    private List<SpanView> rootCause(EdgeStats.Edge e) {
        List<SpanView> out = new ArrayList<>();
        for (SpanStore.ErrorSpan s : spans.recent(SpanMatcher.forDestination(e.dstService(), e.dst()), SPANS_PER_EDGE)) {
            String link = config.traceUiUrl().isEmpty() ? "" : config.traceUiUrl().replace("{trace_id}", s.traceId());
            out.add(new SpanView(s.traceId(), s.spanId(), s.name(), s.service(), s.statusMessage(),
                    Instant.ofEpochSecond(0, s.endUnixNanos()).toString(), link));
        }
        return out;
    }

    private Map<String, Object> envelope(boolean checkDatasources) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("updated", Instant.now().toString());
        if (checkDatasources) {
            m.put("datasources", DatasourceCheck.run(mesh, app));
        }
        m.put("error", null);
        return m;
    }
}
