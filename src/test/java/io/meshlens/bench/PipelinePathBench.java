package io.meshlens.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Kind;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.ProcessorFactory;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.exporter.prometheusremotewrite.ExporterFixtures;
import io.meshlens.exporter.prometheusremotewrite.PrometheusRemoteWriteConfig;
import io.meshlens.model.Attributes;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.processor.batch.BatchProcessorFactory;
import io.meshlens.processor.filter.FilterProcessorFactory;
import io.meshlens.processor.k8sattributes.K8sAttributesProcessorFactory;
import io.meshlens.processor.memorylimiter.MemoryLimiterProcessorFactory;
import io.meshlens.processor.resource.ResourceProcessorFactory;
import io.meshlens.processor.resourcedetection.ResourceDetectionProcessorFactory;
import io.meshlens.receiver.prometheus.PrometheusReceiverFactory;
import io.meshlens.relabel.Labels;
import io.meshlens.remotewrite.RemoteWriteEncoder;
import io.meshlens.remotewrite.RequestBody;
import io.meshlens.scrape.ScrapeBody;
import io.meshlens.scrape.ScrapeConfig;
import io.meshlens.scrape.Target;
import io.meshlens.scrape.TargetLabels;
import io.meshlens.scrape.TargetScraper;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.MeshedPods;
import io.meshlens.testing.MockCluster;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The whole steady-state path of one scrape through the seed pipeline of
 * {@code examples/linkerd-mesh.yaml}: {@link TargetScraper#process} on the Linkerd fixture
 * ({@code textparse/linkerd-proxy.txt}: 1,374 samples) → memory_limiter → filter/mesh (OTTL) →
 * resource/mesh → resourcedetection → k8sattributes → batch → {@link RemoteWriteEncoder#encode}
 * (the exporter's encoder, no HTTP). Every component comes from its real factory and its section
 * of the example file; the receiver's scrape config too (its pod-SD target built as
 * {@code ScrapePool.sync} builds it). k8sattributes watches a simulated API server
 * ({@link MockCluster}, fabric8 CRUD mock on 127.70.0.1) holding the scraped pod, its ReplicaSet,
 * namespace and node, so it enriches with a real pod association.
 *
 * <ul>
 *   <li>{@code targets}: how many targets the scrapes rotate over (see the field);</li>
 *   <li>{@code values=same}: the same body every op (every series a cache hit, values unchanged);</li>
 *   <li>{@code values=changing}: 8 pre-generated bodies in rotation (each target its own), every
 *       sample's value +k for body k (counters wrap back once per 8 scrapes of a target: a counter
 *       reset the start-time logic handles);</li>
 *   <li>{@code churn=pods}: an unrelated pod changes every 10 ms, so k8sattributes's memo is
 *       cleared all the time (as in a large cluster); the teardown line shows how many label sets
 *       the encoder had to rebuild per scrape (0 when resources stay identity-stable);</li>
 *   <li>{@code pushdown=on}: the receiver leaves out the families filter/mesh drops (the service
 *       wires the pipeline's drop hint into the receiver); {@code off}: every family is built;</li>
 *   <li>{@code stage=scrape}: the receiver's part only; {@code processors}: + the processors, the
 *       batch handed to a sink; {@code pipeline}: + the remote-write encoder.</li>
 * </ul>
 * One op = one scrape. Per scraped sample: ÷ {@link #SCRAPED}; per exported sample: ÷ the
 * "exported samples per scrape" the trial prints at teardown (the batch processor encodes every
 * ~62 scrapes, as send_batch_size 8192 fills up with the 131 points the filter keeps per scrape).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelinePathBench {
    public static final int SCRAPED = 1374;
    static final Path SEED = Path.of("examples/linkerd-mesh.yaml");
    static final String NAMESPACE = "emojivoto";
    static final String POD = "web-7d9f8c6b5-x2x7q";
    static final String POD_IP = "127.70.0.17";

    @Param({"same", "changing"})
    public String values;

    @Param({"pipeline"})
    public String stage;

    /** {@code pods}: another pod of the cluster changes every 10 ms (a busy cluster's pod events). */
    @Param({"none"})
    public String churn;

    /**
     * {@code on}: the receiver gets the pipeline's drop hint (filter pushdown, as the service wires
     * it), so the families filter/mesh drops are never built; {@code off}: no hint, every family built.
     */
    @Param({"on"})
    public String pushdown;

    /**
     * Scrapes rotate over this many targets (replicas of the pod, each its own scraper). With more
     * than the ~62 scrapes a batch holds, a target's last batch has been exported, and its metrics
     * handed back for reuse, by its next scrape: as in a running process, where a target's
     * interval is far longer than the batch timeout. {@code 1}: one target scraped back to back.
     */
    @Param({"64"})
    public int targets;

    private ScrapeBody[] bodies;
    private int[] nextBody;
    private int nextTarget;
    private TargetScraper[] scrapers;
    private MetricsConsumer pipeline;
    private final List<MetricsProcessor> processors = new ArrayList<>();
    private MockCluster cluster;
    private final AtomicLong scrapes = new AtomicLong();
    private final AtomicLong exportedSamples = new AtomicLong();
    private final AtomicLong exportedPoints = new AtomicLong();
    private volatile Attributes lastExportedResource;
    private RemoteWriteEncoder encoder;
    private long labelSetsAtStart;
    private Thread churner;
    private volatile boolean churning;
    private long now = 1_700_000_000_000L;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        if (!Files.exists(SEED)) {
            throw new IllegalStateException(SEED.toAbsolutePath() + " not found: run from the project root");
        }
        byte[] fixture;
        try (InputStream in = PipelinePathBench.class.getResourceAsStream("/textparse/linkerd-proxy.txt")) {
            fixture = in.readAllBytes();
        }
        int n = values.equals("same") ? 1 : 8;
        bodies = new ScrapeBody[n];
        for (int k = 0; k < n; k++) {
            bodies[k] = ScrapeBody.of(k == 0 ? fixture : shiftValues(fixture, k), "text/plain; version=0.0.4");
        }

        cluster = MockCluster.start("127.70.0.1");
        cluster.createNamespace(NAMESPACE, Map.of());
        cluster.createNode("node-1", Map.of());
        ReplicaSet rs = cluster.createReplicaSet(NAMESPACE, "web-7d9f8c6b5", "web");
        Pod pod = cluster.create(MeshedPods.ownedBy(MeshedPods.pod(NAMESPACE, POD, POD_IP, "node-1", null, "web"), rs));
        String podUid = pod.getMetadata().getUid();

        ConfigErrors errors = new ConfigErrors();
        ConfigNode.MapNode root = ConfigLoader.load(List.of(SEED), List.of(), Map.of()).root();
        PrometheusRemoteWriteConfig prw = ExporterFixtures.parse(SEED, "prometheusremotewrite", errors);
        encoder = new RemoteWriteEncoder(prw.translationSettings(), prw.maxBatchSizeBytes());
        MetricsConsumer exporter = stage.equals("pipeline")
                ? b -> {
                    RemoteWriteEncoder.Encoded e = encoder.encode(b);
                    exportedSamples.addAndGet(e.samples());
                    exportedPoints.addAndGet(e.points());
                    lastExportedResource = b.resources().getLast().resource();
                    b.release(); // as the exporter does once it has encoded the batch
                    e.bodies().forEach(RequestBody::release); // and with the requests once sent
                }
                : b -> {
                    exportedPoints.addAndGet(b.pointCount());
                    lastExportedResource = b.resources().getLast().resource();
                    b.release();
                };
        Telemetry telemetry = new Telemetry();
        MetricsConsumer chain = exporter;
        chain = add(new BatchProcessorFactory(), "batch", root, telemetry, errors, chain);
        chain = add(new K8sAttributesProcessorFactory(c -> cluster.newClient(), Map.of()), "k8sattributes", root,
                telemetry, errors, chain);
        chain = add(new ResourceDetectionProcessorFactory(), "resourcedetection", root, telemetry, errors, chain);
        chain = add(new ResourceProcessorFactory(), "resource/mesh", root, telemetry, errors, chain);
        chain = add(new FilterProcessorFactory(), "filter/mesh", root, telemetry, errors, chain);
        chain = add(new MemoryLimiterProcessorFactory(), "memory_limiter", root, telemetry, errors, chain);
        errors.throwIfErrors();
        for (MetricsProcessor p : processors) { // exporter side first, as the service starts them
            p.start(null);
        }
        pipeline = chain;
        scrapers = new TargetScraper[targets];
        nextBody = new int[targets];
        for (int t = 0; t < targets; t++) {
            scrapers[t] = new TargetScraper(target(podUid), "bench", Map.of(),
                    pushdown.equals("on") ? chain.dropHint() : null);
        }
        if (pushdown.equals("on") && chain.dropHint() == null) {
            throw new IllegalStateException("the seed pipeline offers no drop hint");
        }
        if (!stage.equals("scrape")) {
            awaitEnriched();
        }
        for (int i = 0; i < 3 * bodies.length * targets; i++) {
            scrape();
        }
        if (churn.equals("pods")) {
            startChurn();
        }
        scrapes.set(0);
        exportedSamples.set(0);
        exportedPoints.set(0);
        labelSetsAtStart = encoder.labelSetsBuilt();
    }

    private void startChurn() {
        cluster.create(MeshedPods.pod(NAMESPACE, "churn-1", "127.70.0.99", "node-1", null, "churn"));
        churning = true;
        churner = Thread.ofPlatform().daemon().name("bench-churn").start(() -> {
            for (int i = 0; churning; i++) {
                String rev = Integer.toString(i);
                cluster.client().pods().inNamespace(NAMESPACE).withName("churn-1").edit(p -> {
                    p.getMetadata().getLabels().put("rev", rev);
                    return p;
                });
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    @Benchmark
    public Object scrape() throws Exception {
        int t = nextTarget;
        nextTarget = t + 1 == targets ? 0 : t + 1;
        int k = nextBody[t];
        nextBody[t] = k + 1 == bodies.length ? 0 : k + 1;
        MetricBatch b = scrapers[t].process(bodies[k], now += 30_000, 0.01);
        scrapes.incrementAndGet();
        if (stage.equals("scrape")) {
            return b;
        }
        pipeline.consumeMetrics(b);
        return pipeline;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (churner != null) {
            churning = false;
            churner.join();
        }
        for (int i = processors.size() - 1; i >= 0; i--) { // receiver side first
            processors.get(i).shutdown();
        }
        if (cluster != null) {
            cluster.close();
        }
        long s = Math.max(1, scrapes.get());
        System.out.printf("%nper scrape: %d scraped samples, %.1f exported points, %.1f exported samples, "
                        + "%.2f label sets built by the encoder (cache misses); exported resource: %s%n", SCRAPED,
                exportedPoints.get() / (double) s, exportedSamples.get() / (double) s,
                (encoder.labelSetsBuilt() - labelSetsAtStart) / (double) s, lastExportedResource);
    }

    /** Until k8sattributes has listed the cluster and the exported resource carries the deployment. */
    private void awaitEnriched() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            scrape();
            Attributes r = lastExportedResource;
            if (r != null && r.get("k8s.deployment.name") != null && r.get("layer") != null) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("k8sattributes never enriched the resource; last: " + lastExportedResource);
    }

    private <C> MetricsConsumer add(ProcessorFactory<C> f, String id, ConfigNode.MapNode root, Telemetry t,
                                    ConfigErrors errors, MetricsConsumer next) {
        ConfigNode section = ((ConfigNode.MapNode) root.get("processors")).get(id);
        C config = f.parseConfig(new ConfigReader(section, "processors::" + id, errors));
        MetricsProcessor p = f.createMetrics(new CreateSettings(ComponentId.parse(id), Kind.PROCESSOR,
                "metrics/mesh", t, Logger.getLogger("bench." + id)), config, next);
        processors.add(p);
        return p;
    }

    /** The seed's receiver config and a pod-SD target for the pod, as the pool builds it. */
    private static Target target(String podUid) throws Exception {
        ConfigErrors errors = new ConfigErrors();
        ConfigNode.MapNode root = ConfigLoader.load(List.of(SEED), List.of(), Map.of()).root();
        ConfigNode section = ((ConfigNode.MapNode) root.get("receivers")).get("prometheus/mesh");
        ScrapeConfig sc = new PrometheusReceiverFactory().parseConfig(
                new ConfigReader(section, "receivers::prometheus/mesh", errors)).config().scrapeConfigs().get(0);
        errors.throwIfErrors();
        Map<String, String> discovered = new HashMap<>(Map.of(
                "__address__", POD_IP + ":4143",
                "__meta_kubernetes_namespace", NAMESPACE,
                "__meta_kubernetes_pod_name", POD,
                "__meta_kubernetes_pod_uid", podUid,
                "__meta_kubernetes_pod_ip", POD_IP,
                "__meta_kubernetes_pod_node_name", "node-1",
                "__meta_kubernetes_pod_container_name", "linkerd-proxy",
                "__meta_kubernetes_pod_container_port_name", "linkerd-admin",
                "__meta_kubernetes_pod_container_port_number", "4191",
                "__meta_kubernetes_pod_controller_kind", "ReplicaSet"));
        discovered.put("__meta_kubernetes_pod_controller_name", "web-7d9f8c6b5");
        TargetLabels.Result r = TargetLabels.populate(Labels.of(discovered), Labels.empty(), sc.targetSettings());
        if (r.status() != TargetLabels.Status.ACTIVE) {
            throw new IllegalStateException("target not active: " + r);
        }
        return new Target(r.labels(), r.discovered(), sc);
    }

    /** The fixture with every numeric sample value raised by {@code k} (bucket order and count = +Inf kept). */
    static byte[] shiftValues(byte[] fixture, int k) {
        String[] lines = new String(fixture, StandardCharsets.UTF_8).split("\n", -1);
        StringBuilder out = new StringBuilder(fixture.length + lines.length * 2);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int sp = line.lastIndexOf(' ');
            if (!line.isEmpty() && line.charAt(0) != '#' && sp > 0) {
                try {
                    double v = Double.parseDouble(line.substring(sp + 1));
                    if (Double.isFinite(v)) {
                        double s = v + k;
                        String t = s == Math.rint(s) && Math.abs(s) < 1e15 ? Long.toString((long) s) : Double.toString(s);
                        line = line.substring(0, sp + 1) + t;
                    }
                } catch (NumberFormatException e) {
                    // not a plain value (e.g. a timestamp follows): keep the line as it is
                }
            }
            out.append(line);
            if (i < lines.length - 1) {
                out.append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
