package io.meshlens.extension.meshview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GrafanaDashboardTest {
    private static final String METRIC = "app_cart_add_item_latency_seconds";

    private static JsonNode dashboard() throws Exception {
        return new ObjectMapper().readTree(GrafanaDashboard.json("vm-mesh", "prom-app", METRIC));
    }

    private static JsonNode panel(JsonNode d, String titlePrefix) {
        for (JsonNode p : d.path("panels")) {
            if (p.path("title").asText().startsWith(titlePrefix)) {
                return p;
            }
        }
        throw new AssertionError("no panel " + titlePrefix);
    }

    @Test
    void mixedLatencyPanelQueriesMeshOnTheMeshDatasourceAndAppOnTheAppDatasource() throws Exception {
        JsonNode p = panel(dashboard(), "p99 latency: mesh layer vs. app layer");
        assertThat(p.path("datasource").path("uid").asText()).isEqualTo("-- Mixed --");
        assertThat(p.path("fieldConfig").path("defaults").path("unit").asText()).isEqualTo("ms");
        JsonNode a = p.path("targets").get(0);
        JsonNode b = p.path("targets").get(1);
        assertThat(a.path("refId").asText()).isEqualTo("A");
        assertThat(a.path("datasource").path("uid").asText()).isEqualTo("vm-mesh");
        assertThat(a.path("expr").asText()).contains("response_latency_ms_bucket{layer=\"mesh\"");
        assertThat(b.path("refId").asText()).isEqualTo("B");
        assertThat(b.path("datasource").path("uid").asText()).isEqualTo("prom-app");
        assertThat(b.path("expr").asText()).contains(METRIC + "_bucket").endsWith("* 1000");
    }

    @Test
    void everyQueryIsMappedToTheDatasourceHoldingItsSeries() throws Exception {
        JsonNode d = dashboard();
        List<String> titles = new ArrayList<>();
        int targets = 0;
        for (JsonNode p : d.path("panels")) {
            titles.add(p.path("title").asText());
            for (JsonNode t : p.path("targets")) {
                targets++;
                String expr = t.path("expr").asText();
                String uid = t.path("datasource").path("uid").asText();
                assertThat(t.path("datasource").path("type").asText()).isEqualTo("prometheus");
                if (expr.contains("layer=\"mesh\"")) {
                    assertThat(uid).as(p.path("title") + " " + t.path("refId")).isEqualTo("vm-mesh");
                } else {
                    assertThat(expr).contains(METRIC);
                    assertThat(uid).as(p.path("title") + " " + t.path("refId")).isEqualTo("prom-app");
                }
                if (!p.path("datasource").path("uid").asText().equals("-- Mixed --")) {
                    assertThat(p.path("datasource").path("uid").asText()).isEqualTo(uid);
                }
            }
        }
        assertThat(targets).isEqualTo(5);
        assertThat(titles).containsExactly("p99 latency: mesh layer vs. app layer",
                "Workload success rate (inbound, gRPC failures included)", "Workload RPS (inbound)",
                "Hidden failures: HTTP 2xx but gRPC status ≠ 0 (14 = UNAVAILABLE)");
        assertThat(panel(d, "Hidden failures").path("targets").get(0).path("expr").asText())
                .contains("status_code=~\"2..\"", "grpc_status!=\"0\"");
        assertThat(panel(d, "Workload success").path("targets").get(0).path("expr").asText())
                .contains("classification=\"success\"");
    }

    @Test
    void sameUidForBothDatasourcesIsRefused() {
        assertThatThrownBy(() -> GrafanaDashboard.json("prom", "prom", METRIC))
                .hasMessageStartingWith("--mesh-datasource and --app-datasource are the same UID (prom)");
    }
}
