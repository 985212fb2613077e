package io.meshlens.processor.k8sattributes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.ProcessorFactory;
import io.meshlens.component.Signal;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.config.ConfigReader;
import io.meshlens.k8s.KubernetesClients;
import io.meshlens.telemetry.ProcessorTelemetry;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Factory of the {@code k8sattributes} processor. The default instance connects as
 * {@code auth_type} says; {@link #K8sAttributesProcessorFactory(Function, Map)} lets the demo and
 * tests point it at a simulated API server.
 */
public final class K8sAttributesProcessorFactory implements ProcessorFactory<K8sAttributesConfig> {
    private final Function<K8sAttributesConfig, KubernetesClient> clients;
    private final Map<String, String> env;

    public K8sAttributesProcessorFactory() {
        this(c -> KubernetesClients.forAuthType(c.authType(), c.context()), System.getenv());
    }

    /**
     * @param clients builds the client for a config (called at processor start, closed at shutdown)
     * @param env environment for {@code filter.node_from_env_var}
     */
    public K8sAttributesProcessorFactory(Function<K8sAttributesConfig, KubernetesClient> clients, Map<String, String> env) {
        this.clients = clients;
        this.env = env;
    }

    @Override
    public String type() {
        return "k8sattributes";
    }

    @Override
    public Set<Signal> signals() {
        return EnumSet.of(Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String description() {
        return "adds pod, deployment, namespace and node metadata from the Kubernetes API to resources";
    }

    @Override
    public K8sAttributesConfig parseConfig(ConfigReader reader) {
        return K8sAttributesConfig.parse(reader, env);
    }

    @Override
    public MetricsProcessor createMetrics(CreateSettings settings, K8sAttributesConfig config, MetricsConsumer next) {
        return create(config, next, null).withTelemetry(telemetry(settings));
    }

    @Override
    public TracesProcessor createTraces(CreateSettings settings, K8sAttributesConfig config, TracesConsumer next) {
        return create(config, null, next).withTelemetry(telemetry(settings));
    }

    private static ProcessorTelemetry telemetry(CreateSettings s) {
        return s.telemetry() == null ? null : new ProcessorTelemetry(s.telemetry(), s.id().toString(), s.pipeline());
    }

    K8sAttributesProcessor create(K8sAttributesConfig config, MetricsConsumer metrics, TracesConsumer traces) {
        return new K8sAttributesProcessor(config, () -> clients.apply(config), env, metrics, traces,
                KubeMetadata.DELETE_GRACE_PERIOD, KubeMetadata.DELETE_INTERVAL);
    }
}
