package io.meshlens.extension.meshview;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static io.meshlens.extension.meshview.MeshLabels.DEPLOYMENT;
import static io.meshlens.extension.meshview.MeshLabels.INBOUND;
import static io.meshlens.extension.meshview.MeshLabels.NAMESPACE;
import static io.meshlens.extension.meshview.MeshLabels.OUTBOUND;
import static io.meshlens.extension.meshview.MeshLabels.POD;

/**
 * A Grafana dashboard with the mesh view's key panels, for teams that live in Grafana: the mixed
 * panel "p99 latency: mesh layer vs. app layer" (query A on the mesh datasource, B on the app
 * datasource — the mapping the seed's user got wrong by hand), workload success rate and RPS, and
 * the hidden gRPC failures. Every query names its datasource by UID explicitly, so an import cannot
 * silently fall back to the default datasource.
 */
public final class GrafanaDashboard {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RATE = "[$__rate_interval]";

    private GrafanaDashboard() {
    }

    /**
     * The dashboard JSON.
     *
     * @param appMetric app histogram in seconds, without {@code _bucket}, e.g. {@code app_cart_add_item_latency_seconds}
     * @throws IllegalArgumentException when both UIDs are the same (the mix-up this export exists to avoid)
     */
    public static String json(String meshUid, String appUid, String appMetric) {
        if (meshUid.isBlank() || appUid.isBlank()) {
            throw new IllegalArgumentException("both datasource UIDs are required");
        }
        if (meshUid.equals(appUid)) {
            throw new IllegalArgumentException("--mesh-datasource and --app-datasource are the same UID (" + meshUid
                    + "); the mesh series (layer=\"mesh\") and the app series live in different backends — give the "
                    + "UID of the one the mesh pipeline writes to (e.g. VictoriaMetrics) and of the app's (e.g. Prometheus)");
        }
        ObjectNode d = JSON.createObjectNode();
        d.put("title", "meshlens: mesh layer and app layer");
        d.put("uid", "meshlens-mesh-app");
        d.put("schemaVersion", 39);
        d.put("refresh", "10s");
        d.putObject("time").put("from", "now-30m").put("to", "now");
        d.set("tags", JSON.createArrayNode().add("meshlens").add("linkerd").add("opentelemetry"));
        ArrayNode panels = d.putArray("panels");
        String by = NAMESPACE + "," + DEPLOYMENT;

        ObjectNode latency = panel(panels, 1, "p99 latency: mesh layer vs. app layer", "ms", 0, 0, 24);
        latency.putObject("datasource").put("type", "datasource").put("uid", "-- Mixed --");
        target(latency, "A", meshUid, "histogram_quantile(0.99, sum by (le," + POD + ") (rate(response_latency_ms_bucket{"
                + INBOUND + "}" + RATE + ")))", "mesh p99 {{" + POD + "}}");
        target(latency, "B", appUid, "histogram_quantile(0.99, sum by (le) (rate(" + appMetric + "_bucket" + RATE
                + "))) * 1000", "app p99 " + appMetric);

        ObjectNode success = panel(panels, 2, "Workload success rate (inbound, gRPC failures included)", "percentunit",
                0, 9, 12);
        datasource(success, meshUid);
        target(success, "A", meshUid, "sum by (" + by + ") (rate(response_total{" + INBOUND + ",classification=\"success\"}"
                + RATE + ")) / sum by (" + by + ") (rate(response_total{" + INBOUND + "}" + RATE + "))",
                "{{" + NAMESPACE + "}}/{{" + DEPLOYMENT + "}}");

        ObjectNode rps = panel(panels, 3, "Workload RPS (inbound)", "reqps", 12, 9, 12);
        datasource(rps, meshUid);
        target(rps, "A", meshUid, "sum by (" + by + ") (rate(response_total{" + INBOUND + "}" + RATE + "))",
                "{{" + NAMESPACE + "}}/{{" + DEPLOYMENT + "}}");

        ObjectNode hidden = panel(panels, 4, "Hidden failures: HTTP 2xx but gRPC status ≠ 0 (14 = UNAVAILABLE)", "reqps",
                0, 18, 24);
        datasource(hidden, meshUid);
        target(hidden, "A", meshUid, "sum by (" + DEPLOYMENT + ",dst_service,grpc_status) (rate(response_total{" + OUTBOUND
                + ",status_code=~\"2..\",grpc_status!=\"\",grpc_status!=\"0\"}" + RATE + "))",
                "{{" + DEPLOYMENT + "}} → {{dst_service}} grpc_status={{grpc_status}}");
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(d);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode panel(ArrayNode panels, int id, String title, String unit, int x, int y, int w) {
        ObjectNode p = panels.addObject();
        p.put("id", id);
        p.put("type", "timeseries");
        p.put("title", title);
        p.putObject("gridPos").put("x", x).put("y", y).put("w", w).put("h", 9);
        p.putObject("fieldConfig").putObject("defaults").put("unit", unit);
        p.putArray("targets");
        return p;
    }

    private static void datasource(ObjectNode panel, String uid) {
        panel.putObject("datasource").put("type", "prometheus").put("uid", uid);
    }

    private static void target(ObjectNode panel, String ref, String uid, String expr, String legend) {
        ObjectNode t = ((ArrayNode) panel.get("targets")).addObject();
        t.put("refId", ref);
        t.putObject("datasource").put("type", "prometheus").put("uid", uid);
        t.put("expr", expr);
        t.put("legendFormat", legend);
        t.put("range", true);
    }
}
