package io.meshlens.processor.k8sattributes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshlens.component.Host;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.SpanBatch;
import io.meshlens.telemetry.ProcessorTelemetry;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code k8sattributes} processor for one pipeline: enriches each resource with the metadata
 * of its pod, the pod's namespace and node, then forwards the batch. Batches are never refused;
 * data arriving before the informers have listed the cluster passes through unenriched (unless
 * {@code wait_for_metadata}).
 */
public final class K8sAttributesProcessor implements MetricsProcessor, TracesProcessor {
    private static final Logger LOG = Logger.getLogger(K8sAttributesProcessor.class.getName());

    private final K8sAttributesConfig config;
    private final Supplier<KubernetesClient> clients;
    private final Map<String, String> env;
    private final MetricsConsumer nextMetrics;
    private final TracesConsumer nextTraces;
    private final Duration deleteGrace;
    private final Duration deleteInterval;
    private ProcessorTelemetry telemetry;
    private KubernetesClient client;
    private KubeMetadata kube;
    private volatile ResourceEnricher enricher;

    K8sAttributesProcessor(K8sAttributesConfig config, Supplier<KubernetesClient> clients, Map<String, String> env,
                           MetricsConsumer nextMetrics, TracesConsumer nextTraces,
                           Duration deleteGrace, Duration deleteInterval) {
        this.config = config;
        this.clients = clients;
        this.env = env;
        this.nextMetrics = nextMetrics;
        this.nextTraces = nextTraces;
        this.deleteGrace = deleteGrace;
        this.deleteInterval = deleteInterval;
    }

    /** Counts items in and out ({@code otelcol_processor_*_items}); none when not set. */
    K8sAttributesProcessor withTelemetry(ProcessorTelemetry t) {
        this.telemetry = t;
        return this;
    }

    @Override
    public void start(Host host) throws Exception {
        if (config.passthrough()) {
            // Passthrough only tags the connection IP for a downstream gateway; meshlens batches
            // carry no connection, so it talks to no API server and changes nothing.
            return;
        }
        client = clients.get();
        kube = new KubeMetadata(client, config, env, deleteGrace, deleteInterval);
        enricher = new ResourceEnricher(kube, config.podAssociation());
        if (config.waitForMetadata()) {
            kube.start();
            if (!kube.awaitSynced(config.waitForMetadataTimeout())) {
                throw new IllegalStateException("k8sattributes: failed to wait for caches to sync within "
                        + config.waitForMetadataTimeout().toMillis() + "ms (wait_for_metadata_timeout)");
            }
        } else {
            Thread.ofVirtual().name("k8sattributes-start").start(() -> {
                try {
                    kube.start();
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "k8sattributes: cannot watch the Kubernetes API: " + e.getMessage(), e);
                }
            });
        }
    }

    /** Whether the informers are watching (tests: changes made from now on will be seen). */
    boolean isWatching() {
        KubeMetadata k = kube;
        return k != null && k.isWatching();
    }

    @Override
    public void consumeMetrics(MetricBatch batch) {
        ResourceEnricher e = enricher;
        if (e != null) {
            for (ResourceMetrics rm : batch.resources()) {
                rm.setResource(e.enrich(rm.resource()));
            }
        }
        if (telemetry != null) {
            int n = batch.pointCount();
            telemetry.items(n, n);
        }
        nextMetrics.consumeMetrics(batch);
    }

    @Override
    public void consumeTraces(SpanBatch batch) {
        ResourceEnricher e = enricher;
        if (e != null) {
            for (SpanBatch.ResourceSpans rs : batch.resources()) {
                rs.setResource(e.enrich(rs.resource()));
            }
        }
        if (telemetry != null) {
            int n = batch.spanCount();
            telemetry.items(n, n);
        }
        nextTraces.consumeTraces(batch);
    }

    @Override
    public void shutdown() {
        if (kube != null) {
            kube.close();
            kube = null;
        }
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
