package io.meshlens.processor.resourcedetection;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.ProcessorFactory;
import io.meshlens.component.Signal;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.config.ConfigReader;
import io.meshlens.processor.resourcedetection.ResourceDetectionConfig.K8sNodeConfig;
import io.meshlens.processor.resourcedetection.ResourceDetectionConfig.SystemConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Factory of the {@code resourcedetection} processor with the {@code env}, {@code system} and
 * {@code k8snode} detectors. The environment, the host facts and the Kubernetes client are
 * injectable so detection can be tested without touching the machine.
 */
public final class ResourceDetectionProcessorFactory implements ProcessorFactory<ResourceDetectionConfig> {
    private final Map<String, String> env;
    private final HostInfo host;
    private final Function<K8sNodeConfig, KubernetesClient> clients;

    public ResourceDetectionProcessorFactory() {
        this(System.getenv(), HostInfo.SYSTEM, ResourceDetectionProcessorFactory::client);
    }

    ResourceDetectionProcessorFactory(Map<String, String> env, HostInfo host,
                                      Function<K8sNodeConfig, KubernetesClient> clients) {
        this.env = env;
        this.host = host;
        this.clients = clients;
    }

    @Override
    public String type() {
        return "resourcedetection";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String description() {
        return "adds resource attributes detected at start (env, system, k8snode)";
    }

    @Override
    public ResourceDetectionConfig parseConfig(ConfigReader r) {
        List<String> detectors = r.has("detectors") ? r.stringList("detectors") : List.of("env");
        r.ignore("detectors");
        for (String d : detectors) {
            if (!ResourceDetectionConfig.SUPPORTED.contains(d.strip())) {
                r.error("detectors", "invalid detector key: " + d + " (meshlens supports "
                        + String.join(", ", ResourceDetectionConfig.SUPPORTED) + ")");
            }
        }
        Duration timeout = r.duration("timeout", ResourceDetectionConfig.DEFAULT_TIMEOUT);
        boolean override = r.bool("override", true);
        List<String> attributes = r.stringList("attributes");
        if (!attributes.isEmpty()) {
            r.warning("attributes", "attributes is deprecated: use the detectors' resource_attributes switches");
        }
        SystemConfig system = system(r.child("system"));
        K8sNodeConfig k8snode = k8snode(r.child("k8snode"));
        r.finish();
        return new ResourceDetectionConfig(detectors.stream().map(String::strip).toList(), timeout, override,
                attributes, system, k8snode);
    }

    static final Map<String, Boolean> SYSTEM_ATTRIBUTES = defaults(Map.entry("host.name", true),
            Map.entry("os.type", true), Map.entry("host.id", false), Map.entry("host.arch", false),
            Map.entry("os.description", false), Map.entry("host.ip", false), Map.entry("host.mac", false),
            Map.entry("host.cpu.vendor.id", false), Map.entry("host.cpu.family", false),
            Map.entry("host.cpu.model.id", false), Map.entry("host.cpu.model.name", false),
            Map.entry("host.cpu.stepping", false), Map.entry("host.cpu.cache.l2.size", false));

    static final Map<String, Boolean> K8SNODE_ATTRIBUTES = defaults(Map.entry("k8s.node.name", true),
            Map.entry("k8s.node.uid", true));

    @SafeVarargs
    private static Map<String, Boolean> defaults(Map.Entry<String, Boolean>... e) {
        Map<String, Boolean> m = new LinkedHashMap<>();
        for (Map.Entry<String, Boolean> x : e) {
            m.put(x.getKey(), x.getValue());
        }
        return m;
    }

    private static SystemConfig system(ConfigReader s) {
        List<String> sources = s.has("hostname_sources") ? s.stringList("hostname_sources")
                : SystemConfig.DEFAULT_HOSTNAME_SOURCES;
        s.ignore("hostname_sources");
        for (String src : sources) {
            if (!SystemConfig.HOSTNAME_SOURCES.contains(src)) {
                s.error("hostname_sources", "hostname_sources contains invalid value: \"" + src + "\"");
            }
        }
        Map<String, Boolean> toggles = Toggles.read(s, SYSTEM_ATTRIBUTES);
        for (String cpu : List.of("host.cpu.vendor.id", "host.cpu.family", "host.cpu.model.id", "host.cpu.model.name",
                "host.cpu.stepping", "host.cpu.cache.l2.size")) {
            if (toggles.get(cpu)) {
                s.warning("resource_attributes", "system." + cpu + " is not detected by meshlens");
            }
        }
        s.finish();
        return new SystemConfig(sources, toggles);
    }

    private static K8sNodeConfig k8snode(ConfigReader k) {
        String auth = k.oneOf("auth_type", "serviceAccount", "none", "serviceAccount", "kubeConfig", "tls");
        String context = k.string("context", "");
        String envVar = k.string("node_from_env_var", "");
        Map<String, Boolean> toggles = Toggles.read(k, K8SNODE_ATTRIBUTES);
        k.finish();
        return new K8sNodeConfig(auth, context, envVar.isEmpty() ? K8sNodeConfig.DEFAULT_NODE_ENV_VAR : envVar,
                toggles);
    }

    @Override
    public MetricsProcessor createMetrics(CreateSettings settings, ResourceDetectionConfig config,
                                          MetricsConsumer next) {
        return new ResourceDetectionProcessor(settings, config, detectors(config), next, null);
    }

    @Override
    public TracesProcessor createTraces(CreateSettings settings, ResourceDetectionConfig config, TracesConsumer next) {
        return new ResourceDetectionProcessor(settings, config, detectors(config), null, next);
    }

    /** Creates the detectors; like the Collector, a k8snode detector without its node name env var fails here. */
    List<Detector> detectors(ResourceDetectionConfig c) {
        List<Detector> out = new ArrayList<>();
        for (String d : c.detectors()) {
            out.add(switch (d) {
                case "env" -> new EnvDetector(env);
                case "system" -> new SystemDetector(c.system(), host);
                case "k8snode" -> {
                    String node = env.get(c.k8snode().nodeFromEnvVar());
                    if (node == null || node.isEmpty()) {
                        throw new IllegalArgumentException("failed creating detector type \"k8snode\": node name "
                                + "can't be found. Check the readme on how to set the required env variable ("
                                + c.k8snode().nodeFromEnvVar() + ")");
                    }
                    yield new K8sNodeDetector(c.k8snode(), node, () -> clients.apply(c.k8snode()));
                }
                default -> throw new IllegalArgumentException("invalid detector key: " + d);
            });
        }
        return out;
    }

    /**
     * The API client for {@code auth_type}: {@code kubeConfig} reads ~/.kube/config (optionally
     * {@code context}); {@code serviceAccount} uses the in-cluster service account; {@code none} and
     * {@code tls} use fabric8's auto-configuration (in-cluster host, no token or the configured certs).
     */
    static KubernetesClient client(K8sNodeConfig c) {
        Config config = c.authType().equals("kubeConfig")
                ? Config.autoConfigure(c.context().isEmpty() ? null : c.context())
                : Config.autoConfigure(null);
        return new KubernetesClientBuilder().withConfig(config).build();
    }
}
