package io.meshlens.processor.k8sattributes;

import java.util.Map;

/**
 * What the processor keeps of one pod: identity, the attributes it adds (already computed by the
 * extraction rules) and its containers for container-level attributes.
 *
 * @param startTime {@code status.startTime} (RFC 3339) or empty; orders pods that share an IP
 * @param ignored excluded by name or by the {@code opentelemetry.io/k8s-processor/ignore} annotation
 */
record PodMeta(String name, String namespace, String uid, String address, boolean hostNetwork, String startTime,
               String nodeName, Map<String, String> attributes, Map<String, ContainerMeta> containersByName,
               Map<String, ContainerMeta> containersById, boolean ignored) {

    /** @param containerId from the latest status, runtime prefix removed; empty when not extracted */
    record ContainerMeta(String name, String imageName, String imageTag, String containerId) {
    }
}
