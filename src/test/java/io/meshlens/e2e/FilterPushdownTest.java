package io.meshlens.e2e;

import com.sun.net.httpserver.HttpServer;
import io.meshlens.component.ComponentId;
import io.meshlens.component.Components;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.model.DataPoints;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.service.BuiltinComponents;
import io.meshlens.service.Service;
import io.meshlens.service.ServiceConfig;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Filter pushdown end to end: the prometheus receiver scraping the Linkerd fixture through
 * memory_limiter → filter (metric conditions on the header only) → a capturing exporter must give
 * exactly what the same pipeline gives when pushdown is impossible (the same filter plus a data
 * point condition that never matches): the same metrics, points, start times and stale markers,
 * and the same receiver and processor counters. One documented difference: a family the filter
 * starts to keep after a HELP change starts its points then (a dropped family keeps no point state).
 */
class FilterPushdownTest {
    /** Dropped unless one of the seed's kept families, or a family whose HELP says "keep me". */
    private static final String METRIC_CONDITION = "'not(name == \"response_total\" or IsMatch(name, \"response_latency_ms.*\")"
            + " or name == \"tcp_open_connections\") and description != \"keep me\"'";
    private static final int SCRAPES = 3;

    @TempDir
    Path dir;

    private HttpServer server;
    private final AtomicInteger served = new AtomicInteger();
    private byte[][] bodies;

    @BeforeEach
    void serveFixture() throws Exception {
        byte[] fixture;
        try (InputStream in = FilterPushdownTest.class.getResourceAsStream("/textparse/linkerd-proxy.txt")) {
            fixture = in.readAllBytes();
        }
        String text = new String(fixture, StandardCharsets.UTF_8);
        // Third scrape: a dropped family's HELP changes so the filter keeps it from then on, another
        // dropped family's HELP changes and it stays dropped (its counts must not change), and a kept
        // family disappears (stale markers).
        String third = text.replace("# HELP request_total Total count of HTTP requests.", "# HELP request_total keep me")
                .replace("# HELP tcp_read_bytes_total Total count of bytes read from peers", "# HELP tcp_read_bytes_total read")
                .lines().filter(l -> !l.startsWith("tcp_open_connections{")).collect(Collectors.joining("\n", "", "\n"));
        assertThat(third).contains("keep me").doesNotContain("tcp_open_connections{");
        bodies = new byte[][] {fixture, fixture, third.getBytes(StandardCharsets.UTF_8)};
        server = HttpServer.create(new InetSocketAddress("127.80.0.1", 0), 0);
        server.createContext("/metrics", ex -> {
            int n = served.getAndIncrement();
            byte[] b = bodies[Math.min(n, bodies.length - 1)];
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void pushedDownFilterGivesTheSameOutputAndCountersAsTheFilterAlone() throws Exception {
        Run pushed = run("");
        Run plain = run("""
                datapoint:
                  - 'attributes["never.present"] == "x"'
                """);
        assertThat(pushed.pushdown).as("memory_limiter passes the filter's hint to the receiver").isTrue();
        assertThat(plain.pushdown).as("a data point condition rules pushdown out").isFalse();

        assertThat(pushed.output).isNotEmpty();
        assertThat(String.join("\n", pushed.output)).contains("request_total", "tcp_open_connections", "stale")
                .doesNotContain("tcp_read_bytes_total", "scrape_samples_scraped");
        List<String> flipped = pushed.output.stream().filter(l -> l.startsWith("request_total|keep me|")).toList();
        int flipScrape = flipped.stream().mapToInt(FilterPushdownTest::timeRank).min().orElseThrow();
        assertThat(flipped).as("it starts at the scrape it is first kept in (its stale markers at shutdown too)")
                .isNotEmpty().allSatisfy(l -> assertThat(startRank(l)).isEqualTo(flipScrape));
        assertThat(plain.output.stream().filter(l -> l.startsWith("request_total|keep me|")))
                .as("without pushdown its points started at the first scrape").allSatisfy(l -> assertThat(startRank(l)).isLessThan(timeRank(l)));
        assertThat(withoutFlippedStarts(pushed.output)).containsExactlyElementsOf(withoutFlippedStarts(plain.output));
        assertThat(pushed.counters).isNotEmpty().isEqualTo(plain.counters);
    }

    private static int startRank(String line) {
        return Integer.parseInt(line.replaceAll(".*\\|start(\\d+)\\|.*", "$1"));
    }

    private static int timeRank(String line) {
        return Integer.parseInt(line.replaceAll(".*\\|t(\\d+)\\|start.*", "$1"));
    }

    private static List<String> withoutFlippedStarts(List<String> output) {
        return output.stream().map(l -> l.startsWith("request_total|keep me|") ? l.replaceAll("\\|start\\d+\\|", "|start?|") : l)
                .toList();
    }

    private record Run(boolean pushdown, List<String> output, Map<String, Double> counters) {
    }

    /** One service over exactly {@link #SCRAPES} scrapes, then shut down (stale markers for everything left). */
    private Run run(String extraFilterConfig) throws Exception {
        served.set(0);
        String yaml = """
                receivers:
                  prometheus:
                    config:
                      scrape_configs:
                        - job_name: proxy
                          scrape_interval: 1s
                          static_configs:
                            - targets: ["127.80.0.1:%d"]
                processors:
                  memory_limiter:
                    check_interval: 1s
                    limit_percentage: 95
                  filter/mesh:
                    error_mode: ignore
                    metrics:
                      metric:
                        - %s
                %s
                exporters:
                  capture:
                service:
                  pipelines:
                    metrics:
                      receivers: [prometheus]
                      processors: [memory_limiter, filter/mesh]
                      exporters: [capture]
                  telemetry:
                    metrics:
                      level: none
                """.formatted(server.getAddress().getPort(), METRIC_CONDITION, extraFilterConfig.indent(6));
        Path f = Files.writeString(dir.resolve("pushdown.yaml"), yaml);
        Components comps = BuiltinComponents.create().register(new SeedPipelineTest.CaptureFactory());
        ConfigLoader.Result loaded = ConfigLoader.load(List.of(f), List.of(), Map.of());
        ConfigErrors errors = new ConfigErrors();
        errors.addAll(loaded.errors());
        ServiceConfig cfg = ServiceConfig.parse(loaded.root(), comps, errors);
        errors.throwIfErrors();
        SeedPipelineTest.Capture.BATCHES.clear();
        Telemetry telemetry = new Telemetry();
        Service service = new Service(cfg, telemetry);
        service.start();
        boolean pushdown;
        try {
            pushdown = ((MetricsConsumer) service.processors("metrics").getFirst()).dropHint() != null;
            long deadline = System.currentTimeMillis() + 30_000;
            while (served.get() < SCRAPES && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(served.get()).isEqualTo(SCRAPES);
        } finally {
            // Within the scrape interval: the loop finishes the scrape under way, then sends the stale markers.
            service.shutdown(Duration.ofSeconds(10));
        }
        assertThat(served.get()).isEqualTo(SCRAPES);
        return new Run(pushdown, canonical(SeedPipelineTest.Capture.BATCHES), counters(telemetry));
    }

    /**
     * Every exported point as a line, in order; times (which differ between runs) replaced by their
     * rank among all times of the run, so a start time is compared by which scrape it came from.
     */
    private static List<String> canonical(List<MetricBatch> batches) {
        TreeSet<Long> times = new TreeSet<>();
        for (MetricBatch b : batches) {
            forEachPoint(b, (m, p, i) -> {
                times.add(p.timeNanos(i));
                times.add(p.startTimeNanos(i));
            });
        }
        List<Long> ranked = new ArrayList<>(times);
        List<String> out = new ArrayList<>();
        for (MetricBatch b : batches) {
            assertThat(b.hasSkipped()).as("nothing left out reaches the exporter").isFalse();
            out.add("batch");
            for (ResourceMetrics rm : b.resources()) {
                out.add("resource " + rm.resource().toString().replaceAll("127\\.80\\.0\\.1:\\d+", "target"));
            }
            forEachPoint(b, (m, p, i) -> out.add(m.name() + "|" + m.description() + "|" + m.unit() + "|" + m.type()
                    + "|" + m.temporality() + "|" + m.isMonotonic() + "|" + p.attributes(i) + "|t"
                    + ranked.indexOf(p.timeNanos(i)) + "|start" + ranked.indexOf(p.startTimeNanos(i)) + "|"
                    + ((p.flags(i) & DataPoints.FLAG_NO_RECORDED_VALUE) != 0 ? "stale" : value(p, i))));
        }
        return out;
    }

    private static String value(DataPoints p, int i) {
        return switch (p) {
            case NumberPoints n -> Double.toString(n.value(i));
            case HistogramPoints h -> h.count(i) + "/" + h.sum(i) + "/" + Arrays.toString(h.bounds(i)) + "/"
                    + Arrays.toString(h.bucketCounts(i));
            default -> p.toString();
        };
    }

    private interface PointVisitor {
        void visit(Metric m, DataPoints p, int i);
    }

    private static void forEachPoint(MetricBatch b, PointVisitor v) {
        for (ResourceMetrics rm : b.resources()) {
            for (ScopeMetrics sm : rm.scopes()) {
                for (Metric m : sm.metrics()) {
                    for (int i = 0; i < m.points().size(); i++) {
                        v.visit(m, m.points(), i);
                    }
                }
            }
        }
    }

    /** The receiver's and processors' item counters (self-telemetry as Prometheus text, by series). */
    private static Map<String, Double> counters(Telemetry t) {
        Map<String, Double> out = new TreeMap<>();
        for (String line : t.toPrometheusText().split("\n")) {
            if (line.startsWith("otelcol_receiver_") || line.startsWith("otelcol_processor_")) {
                int sp = line.lastIndexOf(' ');
                out.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
            }
        }
        return out;
    }
}
