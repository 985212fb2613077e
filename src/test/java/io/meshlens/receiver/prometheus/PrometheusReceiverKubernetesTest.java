package io.meshlens.receiver.prometheus;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
import io.meshlens.sim.MetricsEndpoint;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.MeshedPods;
import io.meshlens.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pod churn while scraping: the receiver discovers pods from fabric8's mock API server (CRUD mode,
 * watched through informers) via a kubeconfig file, applies the seed's relabel rules (keep
 * {@code linkerd-proxy}, {@code __address__ = <pod IP>:4191}) and scrapes real HTTP endpoints
 * listening on the pods' (loopback) IPs.
 */
class PrometheusReceiverKubernetesTest {
    private static final String NS = "shop";

    private final List<MetricBatch> batches = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closers = new ArrayList<>();
    private PrometheusReceiver receiver;
    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        if (receiver != null) {
            receiver.shutdown();
        }
        for (AutoCloseable c : closers.reversed()) {
            c.close();
        }
    }

    /** A Linkerd admin endpoint on {@code ip}:4191, where the seed's relabeling points the target. */
    private void proxyAdmin(String ip) throws Exception {
        byte[] page = """
                # TYPE response_total counter
                response_total{direction="inbound",pod_ip="%s"} 7
                # TYPE tcp_open_connections gauge
                tcp_open_connections{direction="inbound"} 2
                """.formatted(ip).getBytes(StandardCharsets.UTF_8);
        closers.add(new MetricsEndpoint(ip, 4191, "/metrics", () -> new MetricsEndpoint.Page(page, MetricsEndpoint.Page.TEXT)));
    }

    private void start(MockCluster cluster) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: lab
                  cluster: {server: "%s"}
                users:
                - name: scraper
                  user: {token: t}
                contexts:
                - name: lab
                  context: {cluster: lab, user: scraper}
                current-context: lab
                """.formatted(cluster.url()));
        Path f = Files.writeString(dir.resolve("receiver.yaml"), """
                config:
                  scrape_configs:
                    - job_name: linkerd-mesh
                      scrape_interval: 1s
                      kubernetes_sd_configs:
                        - role: pod
                          kubeconfig_file: %s
                      relabel_configs:
                        - source_labels: [__meta_kubernetes_pod_container_name]
                          action: keep
                          regex: linkerd-proxy
                        - source_labels: [__meta_kubernetes_pod_ip]
                          action: replace
                          target_label: __address__
                          regex: (.+)
                          replacement: $1:4191
                """.formatted(kubeconfig));
        ConfigErrors errors = new ConfigErrors();
        PrometheusReceiverFactory factory = new PrometheusReceiverFactory(Duration.ofMillis(200));
        PrometheusReceiverConfig cfg = factory.parseConfig(
                new ConfigReader(ConfigLoader.load(List.of(f), List.of(), Map.of()).root(), "receivers::prometheus", errors));
        errors.throwIfErrors();
        receiver = (PrometheusReceiver) factory.create(new CreateSettings(new ComponentId("prometheus", "mesh"),
                Kind.RECEIVER, "", new Telemetry(), Logger.getLogger("t")), cfg,
                new ReceiverFactory.Consumers(batches::add, null));
        receiver.start(null);
    }

    private void await(String what, Predicate<List<MetricBatch>> cond) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!cond.test(batches) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(cond.test(batches)).as(what + " within 20s").isTrue();
    }

    private static String instance(MetricBatch b) {
        return b.resources().get(0).resource().getString("service.instance.id");
    }

    private static List<Metric> metrics(MetricBatch b) {
        return b.resources().stream().flatMap(r -> r.scopes().stream()).flatMap(s -> s.metrics().stream()).toList();
    }

    private static NumberPoints points(MetricBatch b, String name) {
        return metrics(b).stream().filter(m -> m.name().equals(name)).map(m -> (NumberPoints) m.points())
                .findFirst().orElse(null);
    }

    /** A successful scrape of {@code instance}: up=1 and the proxy's counter recorded. */
    private static boolean scraped(MetricBatch b, String instance) {
        NumberPoints up = points(b, "up");
        NumberPoints resp = points(b, "response_total");
        return instance.equals(instance(b)) && up != null && up.value(0) == 1 && resp != null && !resp.noRecordedValue(0);
    }

    /** The batch ending {@code instance}: its series with the no-recorded-value flag. */
    private static boolean endedStale(MetricBatch b, String instance) {
        NumberPoints resp = points(b, "response_total");
        NumberPoints tcp = points(b, "tcp_open_connections");
        return instance.equals(instance(b)) && resp != null && resp.noRecordedValue(0) && tcp != null
                && tcp.noRecordedValue(0);
    }

    private long count(Predicate<MetricBatch> p) {
        return batches.stream().filter(p).count();
    }

    private static Pod withIp(Pod p, String ip) {
        return new PodBuilder(p).editStatus().withPodIP(ip).endStatus().build();
    }

    @Test
    void podChurnAddsTargetsAndEndsVanishedOnesWithStaleMarkers() throws Exception {
        for (String ip : List.of("127.47.0.1", "127.47.0.2", "127.47.0.3", "127.47.0.4")) {
            proxyAdmin(ip);
        }
        try (MockCluster cluster = MockCluster.start()) {
            cluster.create(MeshedPods.pod(NS, "web-a", "127.47.0.1", "node-a", "web-rs", "web"));
            cluster.create(MeshedPods.pod(NS, "web-b", "127.47.0.2", "node-a", "web-rs", "web"));
            start(cluster);

            await("pods present at start scraped", bs -> bs.stream().anyMatch(b -> scraped(b, "127.47.0.1:4191"))
                    && bs.stream().anyMatch(b -> scraped(b, "127.47.0.2:4191")));
            // One target per pod: both proxy ports relabel to <ip>:4191 and collapse; the app container is dropped.
            assertThat(receiver.pools().get(0).statuses()).hasSize(2);

            cluster.create(MeshedPods.pod(NS, "web-c", "127.47.0.3", "node-b", "web-rs", "web"));
            await("added pod scraped", bs -> bs.stream().anyMatch(b -> scraped(b, "127.47.0.3:4191")));

            cluster.update(withIp(cluster.pod(NS, "web-b"), "127.47.0.4"));
            await("old address of re-addressed pod ended stale", bs -> bs.stream().anyMatch(b -> endedStale(b, "127.47.0.2:4191")));
            await("new address of re-addressed pod scraped", bs -> bs.stream().anyMatch(b -> scraped(b, "127.47.0.4:4191")));

            cluster.deletePod(NS, "web-c");
            await("deleted pod ended stale", bs -> bs.stream().anyMatch(b -> endedStale(b, "127.47.0.3:4191")));

            // The vanished targets stay gone; the untouched pod keeps being scraped normally.
            long oldB = count(b -> "127.47.0.2:4191".equals(instance(b)));
            long c = count(b -> "127.47.0.3:4191".equals(instance(b)));
            long a = count(b -> scraped(b, "127.47.0.1:4191"));
            await("untouched pod scraped twice more", bs -> count(b -> scraped(b, "127.47.0.1:4191")) >= a + 2);
            assertThat(count(b -> "127.47.0.2:4191".equals(instance(b)))).isEqualTo(oldB);
            assertThat(count(b -> "127.47.0.3:4191".equals(instance(b)))).isEqualTo(c);
            assertThat(batches).filteredOn(b -> "127.47.0.1:4191".equals(instance(b)))
                    .as("no stale marker and no failed scrape for the untouched pod")
                    .allMatch(b -> scraped(b, "127.47.0.1:4191"));
            assertThat(receiver.pools().get(0).statuses()).extracting(s -> s.target().instance())
                    .containsExactlyInAnyOrder("127.47.0.1:4191", "127.47.0.4:4191");
        }
    }
}
