package io.meshlens.bench;

import io.meshlens.relabel.Labels;
import io.meshlens.relabel.Relabel;
import io.meshlens.relabel.RelabelConfig;
import io.meshlens.relabel.RelabelConfig.Action;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The seed's two target rules on a pod-SD label set, and a metric_relabel keep on __name__.
 * Run: {@code java -cp target/test-classes:target/classes:$(cat cp.txt) org.openjdk.jmh.Main RelabelBench -prof gc}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RelabelBench {
    private final List<RelabelConfig> targetRules = List.of(
            RelabelConfig.of(Action.KEEP, List.of("__meta_kubernetes_pod_container_name"), "linkerd-proxy", null, null),
            RelabelConfig.of(Action.REPLACE, List.of("__meta_kubernetes_pod_ip"), "(.+)", "__address__", "$1:4191"));
    private final List<RelabelConfig> metricKeep = List.of(RelabelConfig.of(Action.KEEP, List.of("__name__"),
            "response_total|response_latency_ms.*|tcp_.*", null, null));

    private final Labels proxyTarget = pod("linkerd-proxy", "4191");
    private final Labels appTarget = pod("cart", "8080");
    private final Labels keptSeries = Labels.of("__name__", "response_latency_ms_bucket", "direction", "inbound",
            "le", "10", "status_code", "200", "tls", "true");
    private final Labels droppedSeries = Labels.of("__name__", "control_response_latency_ms_bucket",
            "addr", "linkerd-dst-headless.linkerd.svc.cluster.local:8086", "le", "10");

    private static Labels pod(String container, String port) {
        return Labels.of("__address__", "10.42.0.7:" + port, "__meta_kubernetes_namespace", "shop",
                "__meta_kubernetes_pod_name", "cart-7d9f-abc", "__meta_kubernetes_pod_ip", "10.42.0.7",
                "__meta_kubernetes_pod_container_name", container, "__meta_kubernetes_pod_container_port_number", port,
                "__meta_kubernetes_pod_label_app", "cart", "__meta_kubernetes_pod_node_name", "node-1",
                "__meta_kubernetes_pod_ready", "true", "__meta_kubernetes_pod_phase", "Running",
                "job", "linkerd-mesh", "__scheme__", "http", "__metrics_path__", "/metrics");
    }

    @Benchmark
    public Labels seedRulesKeepProxy() {
        return Relabel.process(proxyTarget, targetRules);
    }

    @Benchmark
    public Labels seedRulesDropApp() {
        return Relabel.process(appTarget, targetRules);
    }

    @Benchmark
    public Labels metricKeepMatches() {
        return Relabel.process(keptSeries, metricKeep);
    }

    @Benchmark
    public Labels metricKeepDrops() {
        return Relabel.process(droppedSeries, metricKeep);
    }
}
