package io.meshlens.processor.k8sattributes;

import java.util.List;

/**
 * What a pod is looked up by: up to four (source, value) pairs, as the Collector's
 * {@code kube.PodIdentifier}. The source is part of the key, so a pod indexed under
 * {@code resource_attribute k8s.pod.uid} is not found by a {@code connection} value.
 */
record PodIdentifier(List<Part> parts) {
    record Part(String from, String name, String value) {
    }

    PodIdentifier {
        parts = List.copyOf(parts);
    }

    static PodIdentifier of(String from, String name, String value) {
        return new PodIdentifier(List.of(new Part(from, name, value)));
    }

    /** The Collector's {@code PodIdentifierAttributeFromConnection}: connection source, no name. */
    static PodIdentifier connection(String ip) {
        return of(K8sAttributesConfig.Source.CONNECTION, "", ip);
    }

    static PodIdentifier resourceAttribute(String name, String value) {
        return of(K8sAttributesConfig.Source.RESOURCE_ATTRIBUTE, name, value);
    }
}
