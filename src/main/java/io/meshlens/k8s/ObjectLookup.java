package io.meshlens.k8s;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;

/** Reads of the informer caches the endpoints roles join against; null when not (yet) known. */
interface ObjectLookup {
    Service service(String namespace, String name);

    Pod pod(String namespace, String name);

    /** The node's labels to attach, or null when node metadata is not attached or the node is unknown. */
    java.util.Map<String, String> nodeLabels(String nodeName);
}
