package io.meshlens.bench;

import io.meshlens.model.Attributes;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.Temporality;
import io.meshlens.remotewrite.RemoteWriteEncoder;
import io.meshlens.remotewrite.RequestBody;
import io.meshlens.remotewrite.TranslationSettings;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * OTel → remote-write encoding of one Linkerd-proxy-sized push (~2k series: counters, gauges and
 * 25-bound histograms with proxy-like labels), protobuf + snappy included.
 *
 * <ul>
 * <li>{@code attributes=steady}: the same {@link Attributes} instances every push, as the scrape
 *     cache hands them out: labels come from the per-series cache.</li>
 * <li>{@code attributes=fresh}: equal but new Attributes every push (e.g. a processor re-tagging):
 *     label sets are rebuilt, then interned by content.</li>
 * </ul>
 * Divide by {@link #SAMPLES} for per-sample figures (see docs/performance.md).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RemoteWriteEncodeBench {
    static final int COUNTERS = 600;
    static final int GAUGES = 300;
    static final int HISTOGRAMS = 40;
    static final double[] BOUNDS = {1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1000, 2000, 3000,
        4000, 5000, 10000, 20000, 30000, 40000, 50000};
    /** Samples per push: counters + gauges + histogram buckets (+Inf) + sum + count + target_info. */
    public static final int SAMPLES = COUNTERS + GAUGES + HISTOGRAMS * (BOUNDS.length + 3) + 1;

    RemoteWriteEncoder encoder;
    Attributes resource;
    Attributes[] counterAttrs;
    Attributes[] gaugeAttrs;
    Attributes[] histAttrs;
    MetricBatch batch;
    long pushes;

    @Setup(Level.Trial)
    public void setup() {
        encoder = new RemoteWriteEncoder(new TranslationSettings("", Map.of("cluster", "bench"), true, true, false,
                false), 3_000_000);
        resource = Attributes.of("service.name", "linkerd-proxy", "service.instance.id", "10.42.0.17:4191",
                "k8s.namespace.name", "emojivoto", "k8s.pod.name", "web-7d9f8b6c5-x2x4z", "k8s.node.name", "node-1");
        counterAttrs = new Attributes[COUNTERS];
        for (int i = 0; i < COUNTERS; i++) {
            counterAttrs[i] = proxyLabels(i).with("classification", i % 7 == 0 ? "failure" : "success")
                    .with("status_code", Integer.toString(200 + i % 5));
        }
        gaugeAttrs = new Attributes[GAUGES];
        for (int i = 0; i < GAUGES; i++) {
            gaugeAttrs[i] = proxyLabels(i).with("peer", "dst");
        }
        histAttrs = new Attributes[HISTOGRAMS];
        for (int i = 0; i < HISTOGRAMS; i++) {
            histAttrs[i] = proxyLabels(i);
        }
    }

    static Attributes proxyLabels(int i) {
        return Attributes.of("direction", i % 2 == 0 ? "inbound" : "outbound",
                "authority", "svc-" + (i % 50) + ".emojivoto.svc.cluster.local:8080",
                "target_addr", "10.42." + (i % 7) + "." + (i % 200) + ":8080",
                "tls", "true", "srv_kind", "default", "srv_name", "all-unauthenticated",
                "route_kind", "default", "route_name", "default", "dst_deployment", "web-" + (i % 20),
                "dst_namespace", "emojivoto", "dst_serviceaccount", "web");
    }

    /** steady: the same Attributes every push; fresh: equal but new instances every push. */
    @Param({"steady", "fresh"})
    public String attributes;

    @Setup(Level.Invocation)
    public void newPush() {
        batch = push(attributes.equals("fresh"));
    }

    MetricBatch push(boolean fresh) {
        long nanos = 1_700_000_000_000_000_000L + (pushes++) * 10_000_000_000L;
        MetricBatch b = new MetricBatch();
        ScopeMetrics sm = b.addResource(fresh ? copy(resource) : resource).addScope(io.meshlens.model.Scope.EMPTY);
        NumberPoints c = new NumberPoints(COUNTERS);
        for (int i = 0; i < COUNTERS; i++) {
            c.addDouble(fresh ? copy(counterAttrs[i]) : counterAttrs[i], 0, nanos, pushes * 3 + i, 0);
        }
        NumberPoints g = new NumberPoints(GAUGES);
        for (int i = 0; i < GAUGES; i++) {
            g.addDouble(fresh ? copy(gaugeAttrs[i]) : gaugeAttrs[i], 0, nanos, i % 13, 0);
        }
        HistogramPoints h = new HistogramPoints(HISTOGRAMS);
        long[] counts = new long[BOUNDS.length + 1];
        for (int k = 0; k < counts.length; k++) {
            counts[k] = pushes + k;
        }
        for (int i = 0; i < HISTOGRAMS; i++) {
            h.add(fresh ? copy(histAttrs[i]) : histAttrs[i], 0, nanos, pushes * 26 + 325, pushes * 100.5, BOUNDS,
                    counts, HistogramPoints.FLAG_HAS_SUM);
        }
        sm.metrics().add(Metric.sum("response_total", "", "", Temporality.CUMULATIVE, true, c));
        sm.metrics().add(Metric.gauge("tcp_open_connections", "", "", g));
        sm.metrics().add(Metric.histogram("response_latency_ms", "", "", Temporality.CUMULATIVE, h));
        return b;
    }

    static Attributes copy(Attributes a) {
        return a.toBuilder().build();
    }

    @Benchmark
    public int encode() {
        List<RequestBody> bodies = encoder.encode(batch).bodies();
        bodies.forEach(RequestBody::release); // as the exporter does once they are sent
        return bodies.size();
    }
}
