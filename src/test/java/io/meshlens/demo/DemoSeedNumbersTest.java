package io.meshlens.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshlens.backend.VictoriaMetricsProcess;
import io.meshlens.sim.SimPod;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The seed's numbers, produced by {@code meshlens demo} — real VictoriaMetrics, the simulated
 * 30-pod shop, {@code examples/linkerd-mesh.yaml} unchanged (30 s scrapes) — and read back from
 * VictoriaMetrics's query API.
 */
@Tag("e2e")
class DemoSeedNumbersTest {
    @TempDir
    Path dir;

    private static final Set<String> OTTL_NAMES = Set.of("response_total", "response_latency_ms_bucket",
            "response_latency_ms_count", "response_latency_ms_sum", "tcp_open_connections", "tcp_read_bytes_total",
            "tcp_write_bytes_total", "control_response_latency_ms_bucket", "control_response_latency_ms_count",
            "control_response_latency_ms_sum", "target_info");

    private static final Set<String> RELABEL_NAMES = Set.of("response_total", "response_latency_ms_bucket",
            "response_latency_ms_count", "response_latency_ms_sum", "tcp_open_connections", "tcp_read_bytes_total",
            "tcp_write_bytes_total", "tcp_open_total", "tcp_close_total", "up", "scrape_duration_seconds",
            "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added", "target_info");

    private Demo start(Path work, boolean relabel) throws Exception {
        Demo d = new Demo(new Demo.Options(30, 1, List.of("ad:grpc-unavailable:0.1"), null, relabel, null, work,
                Path.of(".")), new PrintStream(new ByteArrayOutputStream()));
        d.start();
        return d;
    }

    private static Set<String> awaitNames(VictoriaMetricsProcess vm, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        Set<String> names = new TreeSet<>();
        while (System.currentTimeMillis() < deadline) {
            names = new TreeSet<>(vm.metricNames());
            if (names.size() >= expected) {
                // one more scrape round so every pod has landed
                Thread.sleep(35_000);
                return new TreeSet<>(vm.metricNames());
            }
            Thread.sleep(1000);
        }
        return names;
    }

    private static double scalar(VictoriaMetricsProcess vm, String promql) throws Exception {
        List<JsonNode> r = vm.query(promql, System.currentTimeMillis() / 1000.0);
        return r.isEmpty() ? 0 : r.get(0).get("value").get(1).asDouble();
    }

    @Test
    void ottlFilterLandsElevenNamesWithTheSeedsCardinalityAndTheHiddenFailure() throws Exception {
        try (Demo d = start(dir.resolve("ottl"), false)) {
            VictoriaMetricsProcess vm = d.meshBackend();
            assertThat(awaitNames(vm, 11)).isEqualTo(OTTL_NAMES);

            double buckets = scalar(vm, "count(response_latency_ms_bucket)");
            double total = scalar(vm, "count({job=\"linkerd-mesh\"})");
            assertThat(buckets).as("response_latency_ms_bucket series (seed: 5,642)").isCloseTo(5642, within(5642 * 0.25));
            assertThat(total).as("series after filtering (seed: 9,280)").isCloseTo(9280, within(9280 * 0.25));
            assertThat(scalar(vm, "count({job=\"linkerd-mesh\", layer=\"mesh\"})")).isEqualTo(total);
            assertThat(scalar(vm, "count({job=\"linkerd-mesh\", k8s_pod_name=\"\"})")).isZero();
            assertThat(scalar(vm, "count({job=\"linkerd-mesh\", k8s_namespace_name=\"\"})")).isZero();
            assertThat(scalar(vm, "count({job=\"linkerd-mesh\", k8s_node_name=\"\"})")).isZero();

            JsonNode one = vm.series("response_latency_ms_bucket").get(0);
            assertThat(one.size()).as("labels on a response_latency_ms_bucket series (seed: 35): %s", one)
                    .isBetween(30, 40);

            // Every pod's series carry that pod's identity: instance is the pod IP the series came from.
            for (SimPod p : d.simulation().pods()) {
                List<JsonNode> ti = vm.series("target_info{k8s_pod_name=\"" + p.name() + "\"}");
                assertThat(ti).as("target_info of %s", p.name()).hasSize(1);
                assertThat(ti.get(0).get("instance").asText()).isEqualTo(p.ip() + ":4191");
                assertThat(ti.get(0).get("k8s_namespace_name").asText()).isEqualTo(p.namespace());
                if (p.replicaSet() != null) {
                    assertThat(ti.get(0).get("k8s_deployment_name").asText()).isEqualTo(p.service().name());
                }
            }

            String hidden = "sum(response_total{direction=\"outbound\", dst_service=\"ad\", status_code=\"200\","
                    + " grpc_status=\"14\", classification=\"failure\"})";
            double first = scalar(vm, hidden);
            assertThat(first).as("the ad service's gRPC 14 under HTTP 200").isPositive();
            Thread.sleep(31_000);
            assertThat(scalar(vm, hidden)).as("still increasing").isGreaterThan(first);
        }
    }

    @Test
    void relabelKeepLandsFifteenNames() throws Exception {
        try (Demo d = start(dir.resolve("relabel"), true)) {
            assertThat(awaitNames(d.meshBackend(), 15)).isEqualTo(RELABEL_NAMES);
        }
    }
}
