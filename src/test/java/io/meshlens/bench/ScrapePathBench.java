package io.meshlens.bench;

import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.MetricBatch;
import io.meshlens.receiver.prometheus.PrometheusReceiverFactory;
import io.meshlens.relabel.Labels;
import io.meshlens.scrape.ScrapeBody;
import io.meshlens.scrape.ScrapeConfig;
import io.meshlens.scrape.ScrapeException;
import io.meshlens.scrape.Target;
import io.meshlens.scrape.TargetLabels;
import io.meshlens.scrape.TargetScraper;
import io.meshlens.textparse.LinkerdExposition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The whole per-target scrape path after the HTTP fetch: {@link TargetScraper#process} on one busy
 * Linkerd proxy body ({@code textparse/linkerd-proxy.txt}: 163 families, 1,374 series) — parse,
 * scrape-cache probe, (on a miss) label merge + metric relabeling + OTel series resolution, then
 * {@code MetricAssembler} building the batch incl. the 5 synthetic series.
 *
 * <p>The target is built as {@code ScrapePool.sync} builds it: pod-SD-like discovered labels through
 * {@link TargetLabels#populate} with the scrape config's {@code targetSettings()} (the seed's
 * keep-linkerd-proxy and {@code __address__ = $1:4191} rules).
 * <ul>
 *   <li>{@code steady}: one scraper, the same body every op — every series a cache hit;</li>
 *   <li>{@code changing}: one scraper, the same series but new counter values every op, as a real
 *       proxy (and the harness's simulator) serves them: {@value #BODIES} bodies
 *       {@code LinkerdExposition.busyPod().render(1..BODIES)} in rotation, so counters grow and
 *       reset once per rotation; every series a cache hit;</li>
 *   <li>{@code cold}: a new scraper every op — every series a miss (first scrape of a new target).</li>
 * </ul>
 * {@code relabel=keep} adds the seed's {@code metric_relabel_configs} keep rule.
 * ns/sample = ns/op ÷ 1,374; B/sample = gc.alloc.rate.norm ÷ 1,374.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScrapePathBench {
    public static final int SAMPLES = 1374;
    /** Bodies with different values that {@code changing} rotates through. */
    public static final int BODIES = 16;

    @Param({"none", "keep"})
    public String relabel;

    private ScrapeBody body;
    private final ScrapeBody[] changingBodies = new ScrapeBody[BODIES];
    private TargetScraper changing;
    private int next;
    private Target target;
    private TargetScraper steady;
    private long now = 1_700_000_000_000L;

    @Setup
    public void setup() throws Exception {
        byte[] bytes;
        try (InputStream in = ScrapePathBench.class.getResourceAsStream("/textparse/linkerd-proxy.txt")) {
            bytes = in.readAllBytes();
        }
        body = ScrapeBody.of(bytes, "text/plain; version=0.0.4");
        target = target(scrapeConfig(relabel.equals("keep")));
        steady = new TargetScraper(target, "bench");
        for (int i = 0; i < 3; i++) {
            steady.process(body, now += 30_000, 0.01);
        }
        LinkerdExposition busy = new LinkerdExposition(LinkerdExposition.Params.busyPod());
        for (int i = 0; i < BODIES; i++) {
            changingBodies[i] = ScrapeBody.of(busy.renderBytes(i + 1), "text/plain; version=0.0.4");
        }
        changing = new TargetScraper(target, "bench");
        for (int i = 0; i < 3; i++) {
            changing();
        }
    }

    @Benchmark
    public MetricBatch changing() throws ScrapeException {
        ScrapeBody b = changingBodies[next];
        next = (next + 1) % BODIES;
        return changing.process(b, now += 30_000, 0.01);
    }

    @Benchmark
    public MetricBatch steady() throws ScrapeException {
        return steady.process(body, now += 30_000, 0.01);
    }

    @Benchmark
    public MetricBatch cold() throws ScrapeException {
        return new TargetScraper(target, "bench").process(body, now += 30_000, 0.01);
    }

    static ScrapeConfig scrapeConfig(boolean keep) throws IOException {
        String yaml = """
                config:
                  scrape_configs:
                    - job_name: linkerd-mesh
                      scrape_interval: 30s
                      static_configs: [{targets: ["unused:1"]}]
                      relabel_configs:
                        - source_labels: [__meta_kubernetes_pod_container_name]
                          action: keep
                          regex: linkerd-proxy
                        - source_labels: [__meta_kubernetes_pod_ip]
                          action: replace
                          target_label: __address__
                          regex: (.+)
                          replacement: $1:4191
                """ + (keep ? """
                      metric_relabel_configs:
                        - source_labels: [__name__]
                          action: keep
                          regex: "response_total|response_latency_ms.*|tcp_.*"
                """ : "");
        Path f = Files.createTempFile("scrape-bench", ".yaml");
        try {
            Files.writeString(f, yaml);
            ConfigErrors errors = new ConfigErrors();
            var cfg = new PrometheusReceiverFactory().parseConfig(new ConfigReader(
                    ConfigLoader.load(List.of(f), List.of(), Map.of()).root(), "receivers::prometheus", errors));
            errors.throwIfErrors();
            return cfg.config().scrapeConfigs().get(0);
        } finally {
            Files.delete(f);
        }
    }

    /** A pod-SD-like discovered target through the pool's target-label pipeline. */
    static Target target(ScrapeConfig sc) {
        Labels discovered = Labels.of(Map.of(
                "__address__", "10.42.0.17:4143",
                "__meta_kubernetes_namespace", "emojivoto",
                "__meta_kubernetes_pod_name", "web-7d9f8c6b5-x2x7q",
                "__meta_kubernetes_pod_ip", "10.42.0.17",
                "__meta_kubernetes_pod_node_name", "node-1",
                "__meta_kubernetes_pod_container_name", "linkerd-proxy",
                "__meta_kubernetes_pod_container_port_name", "linkerd-admin",
                "__meta_kubernetes_pod_container_port_number", "4191"));
        TargetLabels.Result r = TargetLabels.populate(discovered, Labels.empty(), sc.targetSettings());
        if (r.status() != TargetLabels.Status.ACTIVE) {
            throw new IllegalStateException("target not active: " + r);
        }
        return new Target(r.labels(), r.discovered(), sc);
    }
}
