package io.meshlens.extension.meshview;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.telemetry.CardinalityTracker;
import io.meshlens.testing.MeshviewBackends;
import io.meshlens.testing.MeshviewBackends.Backend;
import io.meshlens.testing.MeshviewFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The JSON API against real backends: VictoriaMetrics holding the mesh series and Prometheus the
 * app series, both loaded with {@link MeshviewFixture}.
 */
@Tag("e2e")
class MeshViewApiTest {
    @TempDir
    static Path dir;
    static Backend vm;
    static Backend prom;

    @BeforeAll
    static void backends() throws Exception {
        vm = MeshviewBackends.victoriaMetrics(dir);
        prom = MeshviewBackends.prometheus(dir);
        MeshviewFixture data = new MeshviewFixture(System.currentTimeMillis());
        vm.load(data.mesh());
        prom.load(data.app());
    }

    @AfterAll
    static void stop() throws Exception {
        if (vm != null) {
            vm.close();
        }
        if (prom != null) {
            prom.close();
        }
    }

    private static JsonNode find(JsonNode rows, String field, String value) {
        for (JsonNode r : rows) {
            JsonNode node = r.has("edge") ? r.get("edge") : r;
            if (node.path(field).asText().equals(value)) {
                return r;
            }
        }
        throw new AssertionError("no row with " + field + "=" + value + " in " + rows);
    }

    @Test
    void workloadsShowInboundSuccessRateRpsLatencyConnectionsAndPods() throws Exception {
        try (MeshViewRig rig = new MeshViewRig(MeshViewRig.config(vm.url(), prom.url(), ""))) {
            JsonNode doc = rig.get("/api/workloads");
            assertThat(doc.path("error").isNull()).as(doc.toString()).isTrue();
            assertThat(doc.path("datasources").path("ok").asBoolean()).as(doc.toString()).isTrue();
            JsonNode rows = doc.path("workloads");
            assertThat(rows).hasSize(3);
            JsonNode ad = find(rows, "deployment", "ad");
            // gRPC 14 under HTTP 200 counts as a failure: 4 of 5 rps succeed.
            assertThat(ad.path("successRate").asDouble()).isCloseTo(0.8, within(1e-6));
            assertThat(ad.path("rps").asDouble()).isCloseTo(5, within(1e-6));
            assertThat(ad.path("p99Ms").asDouble()).isCloseTo(MeshviewFixture.AD_P99, within(0.01));
            assertThat(ad.path("tcpConnections").asDouble()).isEqualTo(3);
            assertThat(ad.path("meshedPods").asInt()).isEqualTo(1);
            JsonNode cart = find(rows, "deployment", "cart");
            assertThat(cart.path("successRate").asDouble()).isEqualTo(1.0);
            assertThat(cart.path("p50Ms").asDouble()).isCloseTo(MeshviewFixture.CART_P50, within(0.01));
            assertThat(cart.path("p99Ms").asDouble()).isCloseTo(MeshviewFixture.CART_P99, within(0.01));
            JsonNode frontend = find(rows, "deployment", "frontend");
            assertThat(frontend.path("successRate").asDouble()).isCloseTo(4 / 4.5, within(1e-6));
            assertThat(frontend.path("rps").asDouble()).isCloseTo(4.5, within(1e-6));
            assertThat(frontend.path("meshedPods").asInt()).isEqualTo(2);
            assertThat(frontend.path("tcpConnections").asDouble()).isEqualTo(8);
        }
    }

    @Test
    void edgesFlagTheHiddenGrpcFailureAndShowItsRootCauseSpan() throws Exception {
        try (MeshViewRig rig = new MeshViewRig(MeshViewRig.config(vm.url(), prom.url(),
                "http://jaeger:16686/trace/{trace_id}"))) {
            rig.sendAdErrorSpan();
            JsonNode edges = rig.get("/api/edges").path("edges");
            assertThat(edges).hasSize(2);
            JsonNode ad = find(edges, "dst", "ad");
            JsonNode e = ad.path("edge");
            assertThat(e.path("src").asText()).isEqualTo("frontend");
            assertThat(e.path("rps").asDouble()).isCloseTo(5, within(1e-6));
            assertThat(e.path("successRate").asDouble()).isCloseTo(0.8, within(1e-6));
            assertThat(e.path("p99Ms").asDouble()).isCloseTo(MeshviewFixture.AD_P99, within(0.01));
            assertThat(e.path("tls").asText()).isEqualTo("true");
            assertThat(e.path("serverId").asText()).isEqualTo("ad.otel-demo.serviceaccount.identity.linkerd.cluster.local");
            assertThat(e.path("clientId").asText()).isEqualTo("frontend.otel-demo.serviceaccount.identity.linkerd.cluster.local");
            JsonNode hidden = e.path("hiddenFailures");
            assertThat(hidden).hasSize(1);
            assertThat(hidden.get(0).path("grpcStatus").asText()).isEqualTo("14");
            assertThat(hidden.get(0).path("name").asText()).isEqualTo("UNAVAILABLE");
            // 1 rps over the 5m window, give or take one 15s sample at the window's edge.
            assertThat(hidden.get(0).path("count").asLong()).isBetween(285L, 315L);
            assertThat(hidden.get(0).path("rps").asDouble()).isCloseTo(1, within(1e-6));
            assertThat(ad.path("failing").asBoolean()).isTrue();
            JsonNode cause = ad.path("rootCause");
            assertThat(cause).hasSize(1);
            assertThat(cause.get(0).path("name").asText()).isEqualTo("oteldemo.AdService/GetAds");
            assertThat(cause.get(0).path("service").asText()).isEqualTo("frontend");
            assertThat(cause.get(0).path("statusMessage").asText()).isEqualTo(MeshViewRig.AD_ERROR);
            assertThat(cause.get(0).path("traceId").asText()).isEqualTo(MeshViewRig.AD_TRACE);
            assertThat(cause.get(0).path("link").asText()).isEqualTo("http://jaeger:16686/trace/" + MeshViewRig.AD_TRACE);
            JsonNode cart = find(edges, "dst", "cart");
            assertThat(cart.path("failing").asBoolean()).isFalse();
            assertThat(cart.path("edge").path("hiddenFailures")).isEmpty();
            assertThat(cart.path("rootCause")).isEmpty();
        }
    }

    @Test
    void latencyChartPutsMeshP99PerPodFromVictoriaMetricsBesideAppP99FromPrometheus() throws Exception {
        try (MeshViewRig rig = new MeshViewRig(MeshViewRig.config(vm.url(), prom.url(), ""))) {
            JsonNode doc = rig.get("/api/latency");
            assertThat(doc.path("error").isNull()).as(doc.toString()).isTrue();
            JsonNode chart = doc.path("chart");
            List<String> names = new ArrayList<>();
            chart.path("lines").forEach(l -> names.add(l.path("layer").asText() + " " + l.path("name").asText()));
            assertThat(names).containsExactly("mesh mesh p99 ad-5f7d8c-xk2p9", "mesh mesh p99 cart-6c9b4d-q8w2e",
                    "mesh mesh p99 frontend-7d9c6b-abcde", "mesh mesh p99 frontend-7d9c6b-fghij",
                    "app app p99 app_cart_add_item_latency_seconds");
            assertThat(chart.path("times").size()).isGreaterThan(10);
            assertThat(chart.path("meshP99Ms").asDouble()).isCloseTo(MeshviewFixture.CART_P99, within(0.01));
            assertThat(chart.path("appP99Ms").asDouble()).isCloseTo(MeshviewFixture.APP_P99, within(0.01));
            assertThat(chart.path("gapMs").asDouble()).isCloseTo(MeshviewFixture.CART_P99 - MeshviewFixture.APP_P99,
                    within(0.02));
        }
    }

    @Test
    void sameUrlForBothDatasourcesIsReportedInPlainWords() throws Exception {
        try (MeshViewRig rig = new MeshViewRig(MeshViewRig.config(vm.url(), vm.url() + "/", ""))) {
            JsonNode ds = rig.get("/api/workloads").path("datasources");
            assertThat(ds.path("ok").asBoolean()).isFalse();
            assertThat(ds.path("problems").get(0).asText()).startsWith(
                    "datasources.mesh and datasources.app are the same URL (" + vm.url() + ")");
        }
    }

    @Test
    void swappedDatasourcesAreReportedInPlainWords() throws Exception {
        try (MeshViewRig rig = new MeshViewRig(MeshViewRig.config(prom.url(), vm.url(), ""))) {
            JsonNode ds = rig.get("/api/datasources").path("datasources");
            assertThat(ds.path("ok").asBoolean()).isFalse();
            assertThat(ds.path("problems")).hasSize(1);
            assertThat(ds.path("problems").get(0).asText()).contains("has no layer=\"mesh\" series")
                    .contains("look swapped").contains("Exchange datasources.mesh and datasources.app");
        }
    }

    @Test
    void victoriaMetricsThatDroppedLabelsIsReportedInPlainWords() throws Exception {
        // a VictoriaMetrics whose label limit is below the mesh series' labels
        try (Backend small = MeshviewBackends.victoriaMetrics(Files.createDirectories(dir.resolve("vm-small")),
                List.of("-maxLabelsPerTimeseries=5"));
             MeshViewRig rig = new MeshViewRig(MeshViewRig.config(small.url(), prom.url(), ""))) {
            small.load(new MeshviewFixture(System.currentTimeMillis()).mesh());
            JsonNode ds = rig.get("/api/datasources").path("datasources");
            assertThat(ds.path("ok").asBoolean()).isFalse();
            assertThat(ds.path("problems").toString()).contains("VictoriaMetrics at " + small.url()
                    + " (datasources.mesh) dropped labels beyond -maxLabelsPerTimeseries from ")
                    .contains("Raise -maxLabelsPerTimeseries");
        }
        // the default limit holds the fixture's series: no warning (also asserted by ok=true above)
        try (MeshViewRig rig = new MeshViewRig(MeshViewRig.config(vm.url(), prom.url(), ""))) {
            assertThat(rig.get("/api/datasources").path("datasources").path("problems").toString())
                    .doesNotContain("dropped labels");
        }
    }

    @Test
    void unreachableDatasourceSaysWhichAndWhatToCheck() throws Exception {
        try (MeshViewRig rig = new MeshViewRig(MeshViewRig.config("http://127.0.0.1:1", prom.url(), ""))) {
            JsonNode doc = rig.get("/api/workloads");
            assertThat(doc.path("error").asText()).startsWith("the mesh datasource http://127.0.0.1:1 is not reachable")
                    .endsWith("check datasources.mesh in the meshview config");
            assertThat(doc.path("workloads")).isEmpty();
        }
    }

    @Test
    void cardinalityShowsPipelineStagesAndBackendSeriesPerName() throws Exception {
        try (MeshViewRig rig = new MeshViewRig(MeshViewRig.config(vm.url(), prom.url(), ""))) {
            CardinalityTracker tracker = CardinalityTracker.of(rig.telemetry);
            tracker.stage("metrics/mesh", "receivers").record(batch("response_total", "tcp_open_total", "process_cpu_seconds"));
            tracker.stage("metrics/mesh", "processor filter/mesh").record(batch("response_total"));
            JsonNode doc = rig.get("/api/cardinality");
            JsonNode stages = doc.path("pipelines").path("metrics/mesh");
            assertThat(stages.get(0).path("stage").asText()).isEqualTo("receivers");
            assertThat(stages.get(0).path("names").asInt()).isEqualTo(3);
            assertThat(stages.get(0).path("series").asInt()).isEqualTo(6);
            assertThat(stages.get(1).path("names").asInt()).isEqualTo(1);
            assertThat(stages.get(1).path("series").asInt()).isEqualTo(2);
            JsonNode backend = doc.path("backend");
            JsonNode top = backend.path("names").get(0);
            // 6 latency histograms (4 inbound, 2 outbound) × 26 buckets
            assertThat(top.path("name").asText()).isEqualTo("response_latency_ms_bucket");
            assertThat(top.path("series").asLong()).isEqualTo(6 * 26);
            assertThat(top.path("labelsPerSeries").asInt()).isGreaterThan(20);
            assertThat(backend.path("names")).hasSize(5);
            assertThat(backend.path("summary").asText()).startsWith("5 metric names reach the backend, but "
                    + "response_latency_ms_bucket alone has 156 of the ").contains("does nothing to the label cardinality");
            List<String> labels = new ArrayList<>();
            backend.path("topLabels").forEach(l -> labels.add(l.path("label").asText()));
            assertThat(labels).contains("le", "k8s_pod_name");
        }
    }

    /** Two series of each named gauge. */
    private static MetricBatch batch(String... names) {
        MetricBatch b = new MetricBatch();
        var scope = b.addResource(Attributes.of("k8s.pod.name", "ad-1")).addScope(Scope.EMPTY);
        for (String n : names) {
            NumberPoints p = new NumberPoints();
            p.addDouble(Attributes.of("direction", "inbound"), 0, 1, 1.0, 0);
            p.addDouble(Attributes.of("direction", "outbound"), 0, 1, 1.0, 0);
            scope.metrics().add(Metric.gauge(n, "", "", p));
        }
        return b;
    }
}
