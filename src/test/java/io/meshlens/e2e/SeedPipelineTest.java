package io.meshlens.e2e;

import io.meshlens.component.Components;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.ExporterFactory;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.service.BuiltinComponents;
import io.meshlens.service.Service;
import io.meshlens.service.ServiceConfig;
import io.meshlens.sim.SimOptions;
import io.meshlens.sim.SimPod;
import io.meshlens.sim.Simulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed's mesh pipeline — pod discovery of every linkerd-proxy, the OTTL filter, layer=mesh,
 * resourcedetection, k8sattributes, batch — over the simulated 30-pod shop and its Kubernetes API,
 * with a capturing exporter at the end.
 */
class SeedPipelineTest {
    @TempDir
    Path dir;

    /** Keeps every batch it gets. */
    static final class Capture implements Exporter, MetricsConsumer {
        static final List<MetricBatch> BATCHES = new CopyOnWriteArrayList<>();

        @Override
        public void consumeMetrics(MetricBatch batch) {
            BATCHES.add(batch);
        }
    }

    static final class CaptureFactory implements ExporterFactory<Object> {
        @Override
        public String type() {
            return "capture";
        }

        @Override
        public Set<Signal> signals() {
            return Set.of(Signal.METRICS);
        }

        @Override
        public Object parseConfig(ConfigReader reader) {
            reader.finish();
            return new Object();
        }

        @Override
        public Exporter create(CreateSettings settings, Object config) {
            return new Capture();
        }
    }

    private static final String CONFIG = """
            receivers:
              prometheus/mesh:
                config:
                  scrape_configs:
                    - job_name: linkerd-mesh
                      scrape_interval: 1s
                      kubernetes_sd_configs:
                        - role: pod
                      relabel_configs:
                        - source_labels: [__meta_kubernetes_pod_container_name]
                          action: keep
                          regex: linkerd-proxy
                        - source_labels: [__meta_kubernetes_pod_ip]
                          action: replace
                          target_label: __address__
                          regex: (.+)
                          replacement: $1:4191
            processors:
              memory_limiter:
                check_interval: 1s
                limit_percentage: 90
              filter/mesh:
                error_mode: ignore
                metrics:
                  metric:
                    - 'not(name == "response_total" or IsMatch(name, "response_latency_ms.*") or name == "tcp_open_connections" or name == "tcp_read_bytes_total" or name == "tcp_write_bytes_total")'
              resource/mesh:
                attributes:
                  - key: layer
                    value: mesh
                    action: insert
              resourcedetection:
                detectors: [system]
                override: false
              k8sattributes:
                auth_type: kubeConfig
                pod_association:
                  - sources:
                      - from: resource_attribute
                        name: k8s.pod.uid
              batch:
                timeout: 200ms
            exporters:
              capture:
            service:
              pipelines:
                metrics/mesh:
                  receivers: [prometheus/mesh]
                  processors: [memory_limiter, filter/mesh, resource/mesh, resourcedetection, k8sattributes, batch]
                  exporters: [capture]
              telemetry:
                metrics:
                  level: none
            """;

    @Test
    void seedPipelineKeepsSevenPlusThreeNamesTagsLayerAndEnrichesEveryPod() throws Exception {
        Capture.BATCHES.clear();
        try (Simulation sim = Simulation.start(SimOptions.defaults(dir.resolve("sim")))) {
            System.setProperty("kubeconfig", sim.kubeconfig().toString());
            Path f = dir.resolve("mesh.yaml");
            Files.writeString(f, CONFIG);
            Components comps = BuiltinComponents.create().register(new CaptureFactory());
            ConfigLoader.Result loaded = ConfigLoader.load(List.of(f), List.of(), Map.of());
            ConfigErrors errors = new ConfigErrors();
            errors.addAll(loaded.errors());
            ServiceConfig cfg = ServiceConfig.parse(loaded.root(), comps, errors);
            errors.throwIfErrors();
            Service service = new Service(cfg);
            service.start();
            try {
                Map<String, SimPod> podsByName = sim.pods().stream()
                        .collect(Collectors.toMap(SimPod::name, p -> p));
                long deadline = System.currentTimeMillis() + 60_000;
                Set<String> podsSeen = new TreeSet<>();
                while (System.currentTimeMillis() < deadline) {
                    podsSeen.clear();
                    for (MetricBatch b : Capture.BATCHES) {
                        b.resources().forEach(r -> podsSeen.add(r.resource().getString("k8s.pod.name")));
                    }
                    if (podsSeen.containsAll(podsByName.keySet())) {
                        break;
                    }
                    Thread.sleep(200);
                }
                assertThat(podsSeen).as("every meshed pod scraped").containsAll(podsByName.keySet());

                Set<String> names = new TreeSet<>();
                for (MetricBatch b : Capture.BATCHES) {
                    for (ResourceMetrics rm : b.resources()) {
                        Attributes r = rm.resource();
                        assertThat(r.getString("layer")).isEqualTo("mesh");
                        SimPod pod = podsByName.get(r.getString("k8s.pod.name"));
                        assertThat(pod).as("resource of a known pod: %s", r).isNotNull();
                        assertThat(r.getString("k8s.namespace.name")).isEqualTo(pod.namespace());
                        assertThat(r.getString("k8s.node.name")).isEqualTo(pod.node());
                        assertThat(r.getString("host.name")).isNotEmpty();
                        if (r.getString("k8s.replicaset.name") != null) {
                            assertThat(r.getString("k8s.deployment.name")).as("deployment of %s", pod.name())
                                    .isNotEmpty();
                        }
                        for (ScopeMetrics sm : rm.scopes()) {
                            sm.metrics().stream().map(Metric::name).forEach(names::add);
                        }
                    }
                }
                // Histograms export as _bucket/_sum/_count: these 6 OTel names are the seed's 7 + 3.
                assertThat(names).containsExactlyInAnyOrder("response_total", "response_latency_ms",
                        "tcp_open_connections", "tcp_read_bytes_total", "tcp_write_bytes_total",
                        "control_response_latency_ms");
            } finally {
                service.shutdown(Duration.ofSeconds(10));
            }
        } finally {
            System.clearProperty("kubeconfig");
        }
    }
}
