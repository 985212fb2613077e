package io.meshlens.receiver.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Kind;
import io.meshlens.component.ReceiverFactory;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.sim.MetricsEndpoint;
import io.meshlens.telemetry.CardinalityTracker;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** The prometheus receiver end to end over real HTTP on loopback: discovery → relabel → scrape → OTel batches. */
class PrometheusReceiverTest {
    private final List<MetricBatch> batches = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closers = new ArrayList<>();
    private final Telemetry telemetry = new Telemetry();
    private PrometheusReceiver receiver;

    @AfterEach
    void tearDown() throws Exception {
        if (receiver != null) {
            receiver.shutdown();
        }
        for (AutoCloseable c : closers) {
            c.close();
        }
    }

    private MetricsEndpoint endpoint(String ip, AtomicReference<String> body) throws Exception {
        MetricsEndpoint ep = new MetricsEndpoint(ip, 0, "/metrics",
                () -> new MetricsEndpoint.Page(body.get().getBytes(StandardCharsets.UTF_8), MetricsEndpoint.Page.TEXT));
        closers.add(ep);
        return ep;
    }

    private void start(String yaml) throws Exception {
        Path f = Files.createTempFile("prom", ".yaml");
        f.toFile().deleteOnExit(); // no test file left in /tmp
        Files.writeString(f, yaml);
        ConfigErrors errors = new ConfigErrors();
        PrometheusReceiverFactory factory = new PrometheusReceiverFactory(Duration.ofMillis(200));
        PrometheusReceiverConfig cfg = factory.parseConfig(
                new ConfigReader(ConfigLoader.load(List.of(f), List.of(), Map.of()).root(), "receivers::prometheus", errors));
        errors.throwIfErrors();
        receiver = (PrometheusReceiver) factory.create(new CreateSettings(new ComponentId("prometheus", ""),
                Kind.RECEIVER, "", telemetry, Logger.getLogger("t")), cfg,
                new ReceiverFactory.Consumers(batches::add, null));
        receiver.start(null);
    }

    private void await(Predicate<List<MetricBatch>> cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!cond.test(batches) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(cond.test(batches)).as("condition within 20s").isTrue();
    }

    private static List<Metric> metrics(MetricBatch b) {
        return b.resources().stream().flatMap(r -> r.scopes().stream()).flatMap(s -> s.metrics().stream()).toList();
    }

    private static Set<String> names(MetricBatch b) {
        Set<String> s = new TreeSet<>();
        metrics(b).forEach(m -> s.add(m.name()));
        return s;
    }

    private static double gauge(MetricBatch b, String name) {
        return metrics(b).stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow().numberPoints().value(0);
    }

    @Test
    void scrapesLinkerdFixtureWithSyntheticSeriesAndResource() throws Exception {
        String fixture = Files.readString(Path.of("src/test/resources/textparse/linkerd-proxy.txt"));
        MetricsEndpoint ep = endpoint("127.0.7.1", new AtomicReference<>(fixture));
        start("""
                config:
                  scrape_configs:
                    - job_name: linkerd-mesh
                      scrape_interval: 1s
                      static_configs:
                        - targets: ["%s"]
                """.formatted(ep.address()));
        await(b -> b.size() >= 2);
        MetricBatch b = batches.get(1);
        assertThat(names(b)).contains("response_total", "response_latency_ms", "tcp_open_connections",
                "control_response_latency_ms", "process_cpu_seconds_total", "up", "scrape_duration_seconds",
                "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added");
        assertThat(gauge(b, "up")).isEqualTo(1);
        assertThat(gauge(b, "scrape_samples_scraped")).isGreaterThan(1000);
        assertThat(gauge(b, "scrape_series_added")).as("second scrape adds no series").isZero();
        ResourceMetrics rm = b.resources().get(0);
        assertThat(rm.resource().getString("service.name")).isEqualTo("linkerd-mesh");
        assertThat(rm.resource().getString("service.instance.id")).isEqualTo(ep.address());
        assertThat(rm.resource().containsKey("server.address")).as("loopback is not discernible").isFalse();
        Metric latency = metrics(b).stream().filter(m -> m.name().equals("response_latency_ms")).findFirst().orElseThrow();
        assertThat(latency.histogramPoints().bounds(0)).hasSize(25);
    }

    @Test
    void seedRelabelRulesRewriteAddressAndMetricRelabelKeepLeavesSyntheticSeries() throws Exception {
        AtomicReference<String> body = new AtomicReference<>("""
                # TYPE response_total counter
                response_total{direction="inbound"} 5
                # TYPE tcp_open_total counter
                tcp_open_total 3
                # TYPE tokio_rt_workers gauge
                tokio_rt_workers 2
                """);
        MetricsEndpoint ep = endpoint("127.0.7.2", body);
        Path sd = Files.createTempFile("sd", ".yaml");
        sd.toFile().deleteOnExit(); // no test file left in /tmp
        String port = ep.address().split(":")[1];
        // The seed's pod-discovery relabeling over file_sd targets that look like pod SD output.
        Files.writeString(sd, """
                - targets: ["127.0.7.2:4143"]
                  labels: {__meta_kubernetes_pod_container_name: linkerd-proxy, __meta_kubernetes_pod_ip: 127.0.7.2}
                - targets: ["127.0.7.2:8080"]
                  labels: {__meta_kubernetes_pod_container_name: app, __meta_kubernetes_pod_ip: 127.0.7.2}
                """);
        start("""
                config:
                  scrape_configs:
                    - job_name: linkerd-mesh
                      scrape_interval: 1s
                      file_sd_configs:
                        - files: ["%s"]
                      relabel_configs:
                        - source_labels: [__meta_kubernetes_pod_container_name]
                          action: keep
                          regex: linkerd-proxy
                        - source_labels: [__meta_kubernetes_pod_ip]
                          action: replace
                          target_label: __address__
                          regex: (.+)
                          replacement: $1:%s
                      metric_relabel_configs:
                        - source_labels: [__name__]
                          action: keep
                          regex: "response_total|response_latency_ms.*|tcp_.*"
                """.formatted(sd, port));
        await(b -> !b.isEmpty());
        MetricBatch b = batches.get(0);
        assertThat(names(b)).containsExactlyInAnyOrder("response_total", "tcp_open_total", "up",
                "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
                "scrape_series_added");
        assertThat(gauge(b, "scrape_samples_scraped")).isEqualTo(3);
        assertThat(gauge(b, "scrape_samples_post_metric_relabeling")).isEqualTo(2);
        assertThat(receiver.pools().get(0).statuses()).hasSize(1);
        assertThat(receiver.pools().get(0).droppedTargets()).hasSize(1);
        JsonNode page = TargetsPage.render(receiver.pools());
        JsonNode t = page.at("/data/activeTargets/0");
        assertThat(t.at("/scrapeUrl").asText()).isEqualTo("http://" + ep.address() + "/metrics");
        assertThat(t.at("/labels/instance").asText()).isEqualTo(ep.address());
        assertThat(t.at("/discoveredLabels/__meta_kubernetes_pod_container_name").asText()).isEqualTo("linkerd-proxy");
    }

    @Test
    void reportsWhatTargetsExposedBeforeMetricRelabelingAsTheFirstCardinalityStage() throws Exception {
        CardinalityTracker tracker = CardinalityTracker.of(telemetry);
        tracker.feeds("prometheus", "metrics/mesh");
        tracker.stage("metrics/mesh", "receivers");
        tracker.enable(60_000);
        // Two targets, the same 4 families: a histogram, a counter, a gauge, and one declared without samples.
        String page = """
                # TYPE response_latency_ms histogram
                response_latency_ms_bucket{le="10"} 1
                response_latency_ms_bucket{le="+Inf"} 2
                response_latency_ms_sum 12
                response_latency_ms_count 2
                # TYPE response_total counter
                response_total{classification="success"} 5
                response_total{classification="failure"} 1
                # TYPE process_open_fds gauge
                process_open_fds 9
                # TYPE no_samples gauge
                """;
        MetricsEndpoint a = endpoint("127.0.7.5", new AtomicReference<>(page));
        MetricsEndpoint b = endpoint("127.0.7.6", new AtomicReference<>(page));
        start("""
                config:
                  scrape_configs:
                    - job_name: j
                      scrape_interval: 1s
                      static_configs:
                        - targets: ["%s", "%s"]
                      metric_relabel_configs:
                        - source_labels: [__name__]
                          action: keep
                          regex: "response_total"
                """.formatted(a.address(), b.address()));
        // one scrape a second per target: 4 batches include both targets
        await(bs -> bs.size() >= 4);
        var stages = tracker.snapshot().get("metrics/mesh");
        assertThat(stages).extracting(CardinalityTracker.StageCount::stage)
                .containsExactly(PrometheusReceiver.SCRAPED_STAGE, "receivers");
        var scraped = stages.getFirst();
        // families: every # TYPE'd name, the same on both targets; a histogram is _bucket, _sum, _count
        assertThat(scraped.names()).isEqualTo(4);
        assertThat(scraped.promNames()).isEqualTo(3 + 1 + 1 + 1);
        // every sample of both targets, before metric_relabel_configs kept 2 of 7 per target
        assertThat(scraped.series()).isEqualTo(14);
        assertThat(scraped.promSeries()).isEqualTo(14);
    }

    @Test
    void malformedBodyFailsOnlyThatTargetAndMarksItsSeriesStale() throws Exception {
        AtomicReference<String> good = new AtomicReference<>("# TYPE a gauge\na 1\n");
        AtomicReference<String> bad = new AtomicReference<>("# TYPE b gauge\nb 1\n");
        MetricsEndpoint g = endpoint("127.0.7.3", good);
        MetricsEndpoint x = endpoint("127.0.7.4", bad);
        start("""
                config:
                  scrape_configs:
                    - job_name: j
                      scrape_interval: 1s
                      static_configs:
                        - targets: ["%s", "%s"]
                """.formatted(g.address(), x.address()));
        await(b -> b.stream().anyMatch(m -> names(m).contains("b")));
        bad.set("# TYPE b gauge\nb{x=\"unterminated} 1\n");
        await(b -> b.stream().anyMatch(m -> names(m).contains("b") && isStale(m, "b")));
        MetricBatch failed = batches.stream().filter(m -> names(m).contains("b") && isStale(m, "b")).findFirst().get();
        assertThat(gauge(failed, "up")).isZero();
        var statuses = receiver.pools().get(0).statuses();
        assertThat(statuses).anySatisfy(s -> {
            assertThat(s.target().instance()).isEqualTo(x.address());
            assertThat(s.health().toString()).isEqualTo("down");
            assertThat(s.lastError()).contains("line 2");
        });
        assertThat(statuses).anySatisfy(s -> {
            assertThat(s.target().instance()).isEqualTo(g.address());
            assertThat(s.health().toString()).isEqualTo("up");
        });
    }

    private static boolean isStale(MetricBatch b, String name) {
        return metrics(b).stream().filter(m -> m.name().equals(name))
                .anyMatch(m -> ((NumberPoints) m.points()).noRecordedValue(0));
    }

    @Test
    void removedTargetEndsItsSeriesWithStaleMarkers() throws Exception {
        AtomicReference<String> body = new AtomicReference<>("# TYPE a gauge\na 1\n");
        MetricsEndpoint ep = endpoint("127.0.7.5", body);
        Path sd = Files.createTempFile("sd", ".yaml");
        sd.toFile().deleteOnExit(); // no test file left in /tmp
        Files.writeString(sd, "- targets: [\"" + ep.address() + "\"]\n");
        start("""
                config:
                  scrape_configs:
                    - job_name: j
                      scrape_interval: 1s
                      file_sd_configs:
                        - files: ["%s"]
                """.formatted(sd));
        await(b -> !b.isEmpty());
        Files.writeString(sd, "[]\n");
        await(b -> b.stream().anyMatch(m -> names(m).contains("up") && isStale(m, "up") && isStale(m, "a")));
        assertThat(receiver.pools().get(0).statuses()).isEmpty();
    }
}
