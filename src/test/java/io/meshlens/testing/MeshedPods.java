package io.meshlens.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;

/**
 * Pods as Linkerd's proxy injector leaves them: init container {@code linkerd-init}, the
 * {@code linkerd-proxy} sidecar with ports 4143 ({@code linkerd-proxy}) and 4191
 * ({@code linkerd-admin}), the app container, the injector's labels and annotations, owned by a
 * ReplicaSet of a Deployment, running and ready.
 */
public final class MeshedPods {
    private MeshedPods() {
    }

    /** {@code pod} with its controller reference pointing at {@code rs} (name and server-assigned UID). */
    public static Pod ownedBy(Pod pod, io.fabric8.kubernetes.api.model.apps.ReplicaSet rs) {
        return new PodBuilder(pod).editMetadata().withOwnerReferences().addNewOwnerReference().withApiVersion("apps/v1")
                .withKind("ReplicaSet").withName(rs.getMetadata().getName()).withUid(rs.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(true).endOwnerReference().endMetadata().build();
    }

    /**
     * @param replicaSet owning ReplicaSet name (UID {@code uid-rs-<name>}; use {@link #ownedBy} to
     *        point at a ReplicaSet created in a cluster); null for a bare pod
     */
    public static Pod pod(String namespace, String name, String ip, String node, String replicaSet, String app) {
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace).withName(name)
                .withCreationTimestamp("2026-06-01T10:00:00Z")
                .addToLabels("app", app)
                .addToLabels("pod-template-hash", "7d9f8b6c5")
                .addToLabels("linkerd.io/control-plane-ns", "linkerd")
                .addToLabels("linkerd.io/proxy-deployment", app)
                .addToLabels("linkerd.io/workload-ns", namespace)
                .addToAnnotations("linkerd.io/inject", "enabled")
                .addToAnnotations("linkerd.io/created-by", "linkerd/proxy-injector edge-26.5.5")
                .addToAnnotations("linkerd.io/proxy-version", "edge-26.5.5")
                .addToAnnotations("linkerd.io/trust-root-sha256", "5c2b6c0c1b4e")
                .endMetadata()
                .withNewSpec()
                .withNodeName(node)
                .addNewInitContainer().withName("linkerd-init").withImage("cr.l5d.io/linkerd/proxy-init:v2.4.1").endInitContainer()
                .addNewContainer().withName("linkerd-proxy").withImage("cr.l5d.io/linkerd/proxy:edge-26.5.5")
                .addNewPort().withName("linkerd-proxy").withContainerPort(4143).withProtocol("TCP").endPort()
                .addNewPort().withName("linkerd-admin").withContainerPort(4191).withProtocol("TCP").endPort()
                .endContainer()
                .addNewContainer().withName(app).withImage("ghcr.io/open-telemetry/demo:1.12.0-" + app)
                .addNewPort().withName("service").withContainerPort(8080).withProtocol("TCP").endPort()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running").withPodIP(ip).withHostIP("192.168.0.10")
                .withStartTime("2026-06-01T10:00:01Z")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewInitContainerStatus().withName("linkerd-init").withContainerID("containerd://init-" + name).endInitContainerStatus()
                .addNewContainerStatus().withName("linkerd-proxy").withContainerID("containerd://proxy-" + name).endContainerStatus()
                .addNewContainerStatus().withName(app).withContainerID("containerd://app-" + name).endContainerStatus()
                .endStatus();
        if (replicaSet != null) {
            b.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
                    .withName(replicaSet).withUid("uid-rs-" + replicaSet).withController(true).withBlockOwnerDeletion(true)
                    .endOwnerReference().endMetadata();
        }
        return b.build();
    }
}
