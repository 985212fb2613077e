package io.meshlens.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshlens.backend.VictoriaMetricsProcess;
import io.meshlens.component.ConsumerException;
import io.meshlens.exporter.prometheusremotewrite.ExporterFixtures;
import io.meshlens.exporter.prometheusremotewrite.PrometheusRemoteWriteExporter;
import io.meshlens.model.Attributes;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.Temporality;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static io.meshlens.bench.RemoteWriteEncodeBench.BOUNDS;
import static io.meshlens.bench.RemoteWriteEncodeBench.COUNTERS;
import static io.meshlens.bench.RemoteWriteEncodeBench.GAUGES;
import static io.meshlens.bench.RemoteWriteEncodeBench.HISTOGRAMS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Remote-write throughput into a real VictoriaMetrics: one thread pushes batches of
 * {@code bench.pods} Linkerd-proxy-sized scrapes (the {@link RemoteWriteEncodeBench} shape, 2,021
 * samples each, a new timestamp every push) through the {@code prometheusremotewrite} exporter
 * with its default config for {@code bench.seconds}; a full sending queue is backpressure (the
 * push is retried). Afterwards the samples stored are counted by VictoriaMetrics itself
 * ({@code count_over_time}), must equal what was pushed, and the figures are printed:
 * samples/s and CPU seconds per million samples of the JVM (without building the batches) and of
 * VictoriaMetrics. Opt-in: {@code -DexcludedTags= -Dgroups=bench}; see docs/performance.md.
 */
@Tag("bench")
class RemoteWriteThroughputTest {
    static final int SAMPLES_PER_POD = RemoteWriteEncodeBench.SAMPLES;
    static final ObjectMapper JSON = new ObjectMapper();
    static final Attributes QUEUE = Attributes.of("exporter", "prometheusremotewrite", "data_type", "metrics");

    @TempDir
    Path tmp;

    /** Steady label sets per pod (as the scrape cache hands them out), points renewed per push. */
    static final class Pushes {
        final Attributes[] resources;
        final Attributes[] counterAttrs = new Attributes[COUNTERS];
        final Attributes[] gaugeAttrs = new Attributes[GAUGES];
        final Attributes[] histAttrs = new Attributes[HISTOGRAMS];
        final long[] counts = new long[BOUNDS.length + 1];

        Pushes(int pods) {
            resources = new Attributes[pods];
            for (int p = 0; p < pods; p++) {
                resources[p] = Attributes.of("service.name", "linkerd-proxy", "service.instance.id",
                        "10.42.0." + p + ":4191", "k8s.namespace.name", "emojivoto", "k8s.pod.name", "web-" + p,
                        "k8s.node.name", "node-1");
            }
            for (int i = 0; i < COUNTERS; i++) {
                counterAttrs[i] = RemoteWriteEncodeBench.proxyLabels(i)
                        .with("classification", i % 7 == 0 ? "failure" : "success")
                        .with("status_code", Integer.toString(200 + i % 5));
            }
            for (int i = 0; i < GAUGES; i++) {
                gaugeAttrs[i] = RemoteWriteEncodeBench.proxyLabels(i).with("peer", "dst");
            }
            for (int i = 0; i < HISTOGRAMS; i++) {
                histAttrs[i] = RemoteWriteEncodeBench.proxyLabels(i);
            }
        }

        MetricBatch push(long seq, long nanos) {
            MetricBatch b = new MetricBatch();
            for (int k = 0; k < counts.length; k++) {
                counts[k] = seq + k;
            }
            for (Attributes resource : resources) {
                ScopeMetrics sm = b.addResource(resource).addScope(Scope.EMPTY);
                NumberPoints c = new NumberPoints(COUNTERS);
                for (int i = 0; i < COUNTERS; i++) {
                    c.addDouble(counterAttrs[i], 0, nanos, seq * 3 + i, 0);
                }
                NumberPoints g = new NumberPoints(GAUGES);
                for (int i = 0; i < GAUGES; i++) {
                    g.addDouble(gaugeAttrs[i], 0, nanos, i % 13, 0);
                }
                HistogramPoints h = new HistogramPoints(HISTOGRAMS);
                for (int i = 0; i < HISTOGRAMS; i++) {
                    h.add(histAttrs[i], 0, nanos, seq * 26 + 325, seq * 100.5, BOUNDS, counts,
                            HistogramPoints.FLAG_HAS_SUM);
                }
                sm.metrics().add(Metric.sum("response_total", "", "", Temporality.CUMULATIVE, true, c));
                sm.metrics().add(Metric.gauge("tcp_open_connections", "", "", g));
                sm.metrics().add(Metric.histogram("response_latency_ms", "", "", Temporality.CUMULATIVE, h));
            }
            return b;
        }
    }

    static Duration cpu(ProcessHandle p) {
        return p.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for " + p));
    }

    @Test
    void pushesIntoVictoriaMetricsAndEverySampleIsStored() throws Exception {
        int seconds = Integer.getInteger("bench.seconds", 25);
        int pods = Integer.getInteger("bench.pods", 4);
        String extra = System.getProperty("bench.config", "");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (VictoriaMetricsProcess vm = new VictoriaMetricsProcess(tmp.resolve("vm"))) {
            vm.start();
            ProcessHandle vmProcess = ProcessHandle.current().children()
                    .filter(h -> h.info().command().orElse("").endsWith("victoria-metrics")).findFirst().orElseThrow();
            ProcessHandle jvm = ProcessHandle.current();
            Telemetry t = new Telemetry();
            PrometheusRemoteWriteExporter e = ExporterFixtures.start(
                    ExporterFixtures.config("endpoint: " + vm.writeUrl() + "\n" + extra), t);
            Pushes gen = new Pushes(pods);
            // Each push one second after the previous, all in the past: distinct samples, none in the future.
            long t0Ms = System.currentTimeMillis() - TimeUnit.DAYS.toMillis(1);
            long pushes = 0;
            long points = 0;
            long genCpuNanos = 0;
            long fullQueueRetries = 0;
            long queueFullWaits = 0;

            Duration jvmCpu0 = cpu(jvm);
            Duration vmCpu0 = cpu(vmProcess);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < end) {
                long g0 = threads.getCurrentThreadCpuTime();
                MetricBatch b = gen.push(pushes, (t0Ms + pushes * 1000) * 1_000_000L);
                genCpuNanos += threads.getCurrentThreadCpuTime() - g0;
                // Wait for room rather than have a full queue refuse an already encoded push.
                while (t.value("otelcol_exporter_queue_size", QUEUE) >= t.value("otelcol_exporter_queue_capacity", QUEUE)) {
                    queueFullWaits++;
                    Thread.sleep(1);
                }
                while (true) {
                    try {
                        e.consumeMetrics(b);
                        break;
                    } catch (ConsumerException full) {
                        assertThat(full.retryable()).isTrue();
                        fullQueueRetries++;
                        Thread.sleep(1);
                    }
                }
                pushes++;
                points += b.pointCount();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (ExporterFixtures.metric(t, "otelcol_exporter_sent_metric_points") < points
                    && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            Duration jvmCpu = cpu(jvm).minus(jvmCpu0);
            Duration vmCpu = cpu(vmProcess).minus(vmCpu0);
            e.shutdown();
            assertThat(ExporterFixtures.metric(t, "otelcol_exporter_sent_metric_points")).isEqualTo(points);
            assertThat(ExporterFixtures.metric(t, "otelcol_exporter_send_failed_metric_points")).isZero();

            long expected = pushes * pods * SAMPLES_PER_POD;
            long stored = storedSamples(vm, expected, t0Ms + pushes * 1000);
            assertThat(stored).isEqualTo(expected);

            double millions = stored / 1e6;
            double jvmSec = jvmCpu.toNanos() / 1e9;
            double genSec = genCpuNanos / 1e9;
            double vmSec = vmCpu.toNanos() / 1e9;
            System.out.println(String.format(Locale.ROOT, """
                    remote-write throughput to VictoriaMetrics: pods/batch=%d pushes=%d samples stored=%d (expected %d) \
                    in %.1f s wall (push phase %d s + drain) -> %.0f samples/s
                    CPU s per million samples: meshlens JVM %.3f (total %.1f s, of which building batches %.2f s, \
                    excluded), VictoriaMetrics %.3f (%.1f s); waits for queue room %d (1 ms each), full-queue retries %d; config extra: [%s]""",
                    pods, pushes, stored, expected, elapsed, seconds, stored / elapsed,
                    (jvmSec - genSec) / millions, jvmSec, genSec, vmSec / millions, vmSec, queueFullWaits, fullQueueRetries,
                    extra.replace("\n", "; ")));
        }
    }

    /** Samples VictoriaMetrics holds in the last day before {@code endMs}, counted by VictoriaMetrics. */
    static long storedSamples(VictoriaMetricsProcess vm, long expected, long endMs) throws Exception {
        // nocache=1: the data is older than -search.cacheTimestampOffset, so a partial count taken
        // before the rows became searchable would otherwise be served from the rollup cache.
        URI uri = URI.create(vm.baseUrl() + "/api/v1/query?nocache=1&time=" + endMs / 1000 + "&query="
                + URLEncoder.encode("sum(count_over_time({__name__!=\"\"}[1d]))", StandardCharsets.UTF_8));
        HttpClient http = HttpClient.newHttpClient();
        long stored = -1;
        for (int i = 0; i < 50 && stored < expected; i++) {
            if (i > 0) {
                Thread.sleep(200);
            }
            vm.flush();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode result = JSON.readTree(r.body()).get("data").get("result");
            stored = result.isEmpty() ? 0 : (long) Double.parseDouble(result.get(0).get("value").get(1).asText());
        }
        return stored;
    }
}
