package io.meshlens.processor.resourcedetection;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.meshlens.model.Attributes;
import io.meshlens.processor.resourcedetection.ResourceDetectionConfig.K8sNodeConfig;

import java.util.function.Supplier;

/**
 * The {@code k8snode} detector: the node this pod runs on, named by the env var
 * {@code node_from_env_var} (set from {@code spec.nodeName} with the downward API), looked up in the
 * Kubernetes API for {@code k8s.node.uid}.
 */
final class K8sNodeDetector implements Detector {
    private final K8sNodeConfig config;
    private final String nodeName;
    private final Supplier<KubernetesClient> clients;

    K8sNodeDetector(K8sNodeConfig config, String nodeName, Supplier<KubernetesClient> clients) {
        this.config = config;
        this.nodeName = nodeName;
        this.clients = clients;
    }

    @Override
    public String name() {
        return "k8snode";
    }

    @Override
    public Attributes detect() {
        try (KubernetesClient client = clients.get()) {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null) {
                throw new IllegalStateException("failed getting k8s node UID: nodes \"" + nodeName + "\" not found");
            }
            Attributes.Builder b = Attributes.builder(2);
            if (config.enabled("k8s.node.uid")) {
                b.put("k8s.node.uid", node.getMetadata().getUid());
            }
            if (config.enabled("k8s.node.name")) {
                b.put("k8s.node.name", node.getMetadata().getName());
            }
            return b.build();
        }
    }
}
