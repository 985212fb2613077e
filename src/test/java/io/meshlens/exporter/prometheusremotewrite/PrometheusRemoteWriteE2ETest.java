package io.meshlens.exporter.prometheusremotewrite;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.SummaryPoints;
import io.meshlens.model.Temporality;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.backend.BackendProcess;
import io.meshlens.backend.PrometheusProcess;
import io.meshlens.backend.VictoriaMetricsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporter against real VictoriaMetrics and Prometheus processes on loopback: what lands, with
 * which names and labels, staleness, a backend outage, and a SIGKILL with the WAL.
 */
@Tag("e2e")
class PrometheusRemoteWriteE2ETest {
    @TempDir
    static Path tmp;
    static VictoriaMetricsProcess vm;
    static PrometheusProcess prom;

    @BeforeAll
    static void startBackends() throws Exception {
        vm = new VictoriaMetricsProcess(tmp.resolve("vm"));
        prom = new PrometheusProcess(tmp.resolve("prom"));
        vm.start();
        prom.start();
    }

    @AfterAll
    static void stopBackends() throws Exception {
        if (vm != null) {
            vm.close();
        }
        if (prom != null) {
            prom.close();
        }
    }

    static PrometheusRemoteWriteExporter exporter(BackendProcess b, Telemetry t, String extra) throws Exception {
        return ExporterFixtures.start(ExporterFixtures.config("endpoint: " + b.writeUrl() + "\n" + extra), t);
    }

    static final Attributes RESOURCE = Attributes.of("service.namespace", "shop", "service.name", "web",
            "service.instance.id", "pod-1", "k8s.pod.name", "web-1", "k8s.namespace.name", "shop");

    /** One batch with a counter, a gauge, a histogram and a summary, all at {@code nanos}. */
    static MetricBatch allTypes(long nanos) {
        MetricBatch b = new MetricBatch();
        ScopeMetrics sm = b.addResource(RESOURCE).addScope(Scope.EMPTY);
        Attributes in = Attributes.of("direction", "inbound", "classification", "success");
        NumberPoints c = new NumberPoints();
        c.addInt(in, nanos - 60_000_000_000L, nanos, 42, 0);
        NumberPoints g = new NumberPoints();
        g.addDouble(in, 0, nanos, 3, 0);
        HistogramPoints h = new HistogramPoints();
        h.add(in, nanos - 60_000_000_000L, nanos, 10, 500, new double[] {1, 10, 100}, new long[] {1, 2, 3, 4},
                HistogramPoints.FLAG_HAS_SUM);
        SummaryPoints s = new SummaryPoints();
        s.add(in, 0, nanos, 5, 1.5, new double[] {0.5, 0.99}, new double[] {0.2, 0.9}, 0);
        sm.metrics().addAll(List.of(
                Metric.sum("response_total", "", "", Temporality.CUMULATIVE, true, c),
                Metric.gauge("tcp_open_connections", "", "", g),
                Metric.histogram("response_latency_ms", "", "", Temporality.CUMULATIVE, h),
                Metric.summary("rpc.duration", "", "s", s)));
        return b;
    }

    static double value(List<JsonNode> result) {
        assertThat(result).hasSize(1);
        return Double.parseDouble(result.get(0).get("value").get(1).asText());
    }

    /** The single value of an instant query; on failure the message shows what the backend holds. */
    static double value(BackendProcess b, String promql, double at) throws Exception {
        // VictoriaMetrics 1.79 makes fresh rows searchable about a second after force_flush.
        List<JsonNode> r = b.query(promql, at);
        for (int i = 0; i < 50 && r.isEmpty(); i++) {
            Thread.sleep(200);
            r = b.query(promql, at);
        }
        String name = promql.contains("{") ? promql.substring(0, promql.indexOf('{')) : promql;
        assertThat(r).as("%s at %s on %s; stored: %s", promql, at, b.getClass().getSimpleName(),
                b.series(name)).hasSize(1);
        return Double.parseDouble(r.get(0).get("value").get(1).asText());
    }

    @Test
    void countersGaugesHistogramsSummariesAndTargetInfoLandInBothBackends() throws Exception {
        long nowMs = System.currentTimeMillis();
        for (BackendProcess b : List.of(vm, prom)) {
            Telemetry t = new Telemetry();
            var e = exporter(b, t, "external_labels:\n  cluster: e2e\n  direction: never-used");
            e.consumeMetrics(allTypes(nowMs * 1_000_000L));
            e.shutdown();
            assertThat(ExporterFixtures.metric(t, "otelcol_exporter_sent_metric_points")).as(b.toString()).isEqualTo(4);
            double at = nowMs / 1000.0;
            assertThat(b.metricNames()).contains("response_total", "tcp_open_connections",
                    "response_latency_ms_bucket", "response_latency_ms_sum", "response_latency_ms_count",
                    "rpc_duration_seconds", "rpc_duration_seconds_sum", "rpc_duration_seconds_count", "target_info");
            assertThat(value(b, "response_total{job=\"shop/web\",instance=\"pod-1\",cluster=\"e2e\","
                    + "direction=\"inbound\",classification=\"success\"}", at)).isEqualTo(42);
            assertThat(value(b, "tcp_open_connections", at)).isEqualTo(3);
            assertThat(value(b, "response_latency_ms_bucket{le=\"10\"}", at)).isEqualTo(3);
            assertThat(value(b, "response_latency_ms_bucket{le=\"+Inf\"}", at)).isEqualTo(10);
            assertThat(value(b, "response_latency_ms_sum", at)).isEqualTo(500);
            assertThat(value(b, "response_latency_ms_count", at)).isEqualTo(10);
            assertThat(value(b, "rpc_duration_seconds{quantile=\"0.99\"}", at)).isEqualTo(0.9);
            assertThat(value(b, "rpc_duration_seconds_count", at)).isEqualTo(5);
            List<JsonNode> ti = b.series("target_info");
            assertThat(ti).hasSize(1);
            JsonNode labels = ti.get(0);
            assertThat(labels.get("job").asText()).isEqualTo("shop/web");
            assertThat(labels.get("instance").asText()).isEqualTo("pod-1");
            assertThat(labels.get("k8s_pod_name").asText()).isEqualTo("web-1");
            assertThat(labels.get("k8s_namespace_name").asText()).isEqualTo("shop");
            assertThat(labels.get("cluster").asText()).isEqualTo("e2e");
            assertThat(labels.has("service_name")).isFalse();
        }
    }

    @Test
    void aStaleMarkerEndsTheSeriesInPrometheus() throws Exception {
        long t0 = System.currentTimeMillis() - 10_000;
        Telemetry t = new Telemetry();
        var e = exporter(prom, t, "");
        for (int flag : new int[] {0, DataPoints.FLAG_NO_RECORDED_VALUE}) {
            MetricBatch b = new MetricBatch();
            NumberPoints p = new NumberPoints();
            long ms = flag == 0 ? t0 : t0 + 1000;
            p.addDouble(Attributes.of("pod", "gone"), 0, ms * 1_000_000L, 7, flag);
            b.addResource(Attributes.of("service.name", "stale-test")).addScope(Scope.EMPTY).metrics()
                    .add(Metric.gauge("stale_probe", "", "", p));
            e.consumeMetrics(b);
        }
        e.shutdown();
        assertThat(ExporterFixtures.metric(t, "otelcol_exporter_sent_metric_points")).isEqualTo(2);
        // Before the marker the value is visible (and would stay so for the 5m lookback) ...
        assertThat(value(prom.query("stale_probe", (t0 + 500) / 1000.0))).isEqualTo(7);
        // ... after it the series has ended.
        assertThat(prom.query("stale_probe", (t0 + 2000) / 1000.0)).isEmpty();
        assertThat(prom.query("stale_probe", (t0 + 60_000) / 1000.0)).isEmpty();
    }

    @Test
    void everySampleOfAThirtySecondOutageIsStoredAfterVictoriaMetricsComesBack() throws Exception {
        outageLosesNoSample("outage_seq", 30, "");
    }

    /**
     * The same over a 10-minute outage (opt-in: {@code -DexcludedTags= -Dgroups=soak}; the length can
     * be shortened with {@code -Dsoak.outageSeconds=N} to try it). Longer than the default
     * {@code max_elapsed_time} (1m), so the exporter is told to retry for as long as it takes.
     */
    @Test
    @Tag("soak")
    void everySampleOfATenMinuteOutageIsStoredWhenRetriesHaveNoTimeLimit() throws Exception {
        outageLosesNoSample("soak_outage_seq", Integer.getInteger("soak.outageSeconds", 600),
                "retry_on_failure:\n  max_elapsed_time: 0s");
    }

    /**
     * One push a second; VictoriaMetrics stopped after 5 s for {@code outageSeconds}, then started
     * again (same port and data); 5 s more pushes. Every value pushed must be stored.
     */
    void outageLosesNoSample(String name, int outageSeconds, String extraConfig) throws Exception {
        Telemetry t = new Telemetry();
        var e = exporter(vm, t, extraConfig);
        int n = 0;
        long start = System.nanoTime();
        List<Integer> duringOutage = new ArrayList<>();
        try {
            for (int second = 0; second < outageSeconds + 10; second++) {
                if (second == 5) {
                    vm.stop();
                }
                if (second == 5 + outageSeconds) {
                    vm.start(); // same port and data directory
                }
                n++;
                if (!vm.running()) {
                    duringOutage.add(n);
                }
                e.consumeMetrics(ExporterFixtures.numbered(name, n, System.currentTimeMillis()));
                long next = start + TimeUnit.SECONDS.toNanos(second + 1);
                Thread.sleep(Math.max(0, TimeUnit.NANOSECONDS.toMillis(next - System.nanoTime())));
            }
        } finally {
            vm.start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ExporterFixtures.metric(t, "otelcol_exporter_sent_metric_points") < n && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        e.shutdown();
        assertThat(duringOutage).hasSizeGreaterThanOrEqualTo(outageSeconds - 2);
        Set<Long> stored = storedValues(vm, name);
        assertThat(stored).containsAll(duringOutage.stream().map(Long::valueOf).toList());
        assertThat(stored).hasSize(n);
        assertThat(ExporterFixtures.metric(t, "otelcol_exporter_send_failed_metric_points")).isZero();
    }

    static Set<Long> storedValues(VictoriaMetricsProcess b, String name) throws Exception {
        Set<Long> out = new TreeSet<>();
        for (JsonNode series : b.export(name)) {
            series.get("values").forEach(v -> out.add(v.asLong()));
        }
        return out;
    }

    @Test
    void withTheWalASigkilledProcessLosesNothingItAcknowledged() throws Exception {
        try (VictoriaMetricsProcess down = new VictoriaMetricsProcess(tmp.resolve("vm-crash"))) {
            Path wal = tmp.resolve("wal");
            Path acks = tmp.resolve("acks.txt");
            Process feeder = child("feed", down.writeUrl(), wal.toString(), acks.toString());
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (lines(acks).size() < 30 && System.nanoTime() < deadline && feeder.isAlive()) {
                    Thread.sleep(100);
                }
            } finally {
                ProcessHandle.of(feeder.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
                feeder.waitFor(10, TimeUnit.SECONDS);
            }
            List<String> acked = lines(acks);
            assertThat(acked).hasSizeGreaterThanOrEqualTo(30);

            down.start();
            Process drainer = child("drain", down.writeUrl(), wal.toString());
            assertThat(drainer.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(drainer.exitValue()).as(Files.readString(tmp.resolve("child-drain.log"))).isZero();

            Set<Long> stored = storedValues(down, "crash_seq");
            assertThat(stored).containsAll(acked.stream().map(Long::valueOf).toList());
        }
    }

    static List<String> lines(Path p) throws Exception {
        if (!Files.exists(p)) {
            return List.of();
        }
        return Files.readAllLines(p).stream().filter(s -> !s.isBlank()).toList();
    }

    static Process child(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), RemoteWriteWalChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("child-" + args[0] + ".log").toFile()).start();
    }
}
