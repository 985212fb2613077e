package io.meshlens.lint;

import io.meshlens.service.BuiltinComponents;
import io.meshlens.service.ServiceRunner;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dry run on the seed's two configs and the built-in proxy page gives the seed's numbers. */
class ExplainerTest {
    private static StageReport explain(String config, Sample sample) {
        ServiceRunner.Loaded loaded = ServiceRunner.load(List.of(Path.of(config)), List.of(), Map.of(),
                BuiltinComponents.create());
        assertThat(loaded.ok()).as(loaded.errors().toString()).isTrue();
        return Explainer.explain(loaded.config(), "metrics/mesh", sample);
    }

    private static List<String> landed(StageReport r) {
        return r.landed().stream().map(StageReport.LandedName::name).toList();
    }

    @Test
    void seedConfigLandsElevenNamesIncludingTheUnanchoredIsMatchLeak() {
        StageReport r = explain("examples/linkerd-mesh.yaml", Sample.builtIn());
        assertThat(landed(r)).containsExactly(
                "control_response_latency_ms_bucket", "control_response_latency_ms_count", "control_response_latency_ms_sum",
                "response_latency_ms_bucket", "response_latency_ms_count", "response_latency_ms_sum", "response_total",
                "tcp_open_connections", "tcp_read_bytes_total", "tcp_write_bytes_total",
                "target_info");
        assertThat(r.landed().getLast().origin()).isEqualTo(StageReport.Origin.EXPORTER);
        assertThat(r.notes()).anyMatch(n -> n.contains("163 families"));
        StageReport.Stage filter = r.stages().stream().filter(s -> s.name().equals("filter/mesh")).findFirst().orElseThrow();
        assertThat(filter.dropped()).contains("up", "scrape_series_added", "tcp_open_total", "tcp_close_total")
                .doesNotContain("response_total");
    }

    @Test
    void relabelVariantLandsFifteenNamesWithTcpExtrasAndSyntheticSeries() {
        StageReport r = explain("examples/linkerd-mesh-relabel.yaml", Sample.builtIn());
        assertThat(landed(r)).containsExactly(
                "response_latency_ms_bucket", "response_latency_ms_count", "response_latency_ms_sum", "response_total",
                "tcp_close_total", "tcp_open_connections", "tcp_open_total", "tcp_read_bytes_total", "tcp_write_bytes_total",
                "scrape_duration_seconds", "scrape_samples_post_metric_relabeling", "scrape_samples_scraped",
                "scrape_series_added", "up",
                "target_info");
        assertThat(r.landed().stream().filter(n -> n.origin() == StageReport.Origin.SYNTHETIC)).hasSize(5);
        assertThat(r.stages().get(1).dropped()).contains("control_response_latency_ms_bucket", "process_cpu_seconds_total");
    }

    @Test
    void stagesOnlyShrinkAfterTheReceiverAndTheReceiverOnlyAddsSyntheticSeries() {
        for (String config : List.of("examples/linkerd-mesh.yaml", "examples/linkerd-mesh-relabel.yaml")) {
            List<StageReport.Stage> st = explain(config, Sample.builtIn()).stages();
            assertThat(st.getFirst().name()).isEqualTo("scrape");
            assertThat(st.get(1).name()).isEqualTo("prometheus/mesh");
            Set<String> added = new HashSet<>(st.get(1).names());
            st.getFirst().names().forEach(added::remove);
            assertThat(added).as(config).isSubsetOf("up", "scrape_duration_seconds", "scrape_samples_scraped",
                    "scrape_samples_post_metric_relabeling", "scrape_series_added");
            for (int i = 2; i < st.size(); i++) {
                StageReport.Stage before = st.get(i - 1);
                StageReport.Stage after = st.get(i);
                assertThat(before.names()).as(config + " " + after.name()).containsAll(after.names());
                assertThat(after.series()).as(config + " " + after.name()).isLessThanOrEqualTo(before.series());
                assertThat(after.families()).as(config + " " + after.name()).isLessThanOrEqualTo(before.families());
            }
        }
    }

    @Test
    void resourceProcessorAddsOneLabelToEverySeries() {
        List<StageReport.Stage> st = explain("examples/linkerd-mesh.yaml", Sample.builtIn()).stages();
        StageReport.Stage before = st.stream().filter(s -> s.name().equals("filter/mesh")).findFirst().orElseThrow();
        StageReport.Stage after = st.stream().filter(s -> s.name().equals("resource/mesh")).findFirst().orElseThrow();
        Map<Integer, Long> shifted = new java.util.TreeMap<>();
        before.labelsPerSeries().forEach((k, v) -> shifted.put(k + 1, v));
        assertThat(after.labelsPerSeries()).isEqualTo(shifted);
    }

    @Test
    void aFileSampleIsScrapedAsThePage(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path page = dir.resolve("page.txt");
        Files.writeString(page, """
                # TYPE response_total counter
                response_total{direction="inbound"} 3
                # TYPE tcp_open_total counter
                tcp_open_total{direction="inbound"} 1
                """, StandardCharsets.UTF_8);
        StageReport r = explain("examples/linkerd-mesh.yaml", Sample.of(page.toString()));
        assertThat(r.stages().getFirst().families()).isEqualTo(2);
        assertThat(landed(r)).containsExactly("response_total", "target_info");
    }

    @Test
    void anUnknownPipelineIsReported() {
        assertThatThrownBy(() -> {
            ServiceRunner.Loaded loaded = ServiceRunner.load(List.of(Path.of("examples/linkerd-mesh.yaml")), List.of(),
                    Map.of(), BuiltinComponents.create());
            Explainer.explain(loaded.config(), "metrics/app", Sample.builtIn());
        }).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no pipeline metrics/app");
    }

    @Test
    void missingSampleFileIsAnIoError() {
        assertThatThrownBy(() -> Sample.of("/nonexistent/page.txt")).isInstanceOf(IOException.class);
    }
}
