package io.meshlens.k8s;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.meshlens.discovery.TargetGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.meshlens.k8s.MetaLabels.PREFIX;
import static io.meshlens.k8s.MetaLabels.nz;

/** The node role's target group, and the node labels other roles attach ({@code attach_metadata.node}). */
final class NodeTargets {
    static final String NODE_PREFIX = PREFIX + "node_";
    static final String NAME = NODE_PREFIX + "name";
    static final String PROVIDER_ID = NODE_PREFIX + "provider_id";
    static final String ADDRESS_PREFIX = NODE_PREFIX + "address_";

    /** Address types in the order Prometheus picks the target address. */
    private static final List<String> ADDRESS_PRIORITY =
            List.of("InternalIP", "InternalDNS", "ExternalIP", "ExternalDNS", "LegacyHostIP", "Hostname");

    private NodeTargets() {
    }

    static String source(String name) {
        return "node/" + name;
    }

    /** The node's group: one target at {@code address:kubeletPort}; null when it has no address (Prometheus skips it). */
    static TargetGroup build(Node node) {
        String name = node.getMetadata().getName();
        Map<String, String> group = new HashMap<>();
        group.put(NAME, nz(name));
        group.put(PROVIDER_ID, node.getSpec() == null ? "" : nz(node.getSpec().getProviderID()));
        MetaLabels.putAll(group, NODE_PREFIX, "label", node.getMetadata().getLabels());
        MetaLabels.putAll(group, NODE_PREFIX, "annotation", node.getMetadata().getAnnotations());

        Map<String, List<String>> byType = new LinkedHashMap<>();
        if (node.getStatus() != null) {
            for (NodeAddress a : PodTargets.nullSafe(node.getStatus().getAddresses())) {
                byType.computeIfAbsent(nz(a.getType()), k -> new ArrayList<>()).add(nz(a.getAddress()));
            }
        }
        String address = null;
        for (String type : ADDRESS_PRIORITY) {
            if (byType.containsKey(type)) {
                address = byType.get(type).get(0);
                break;
            }
        }
        if (address == null) {
            return null;
        }
        int port = 0;
        if (node.getStatus().getDaemonEndpoints() != null
                && node.getStatus().getDaemonEndpoints().getKubeletEndpoint() != null
                && node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort() != null) {
            port = node.getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
        }
        Map<String, String> target = new HashMap<>();
        target.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(address, Integer.toString(port)));
        target.put(MetaLabels.INSTANCE, nz(name));
        byType.forEach((type, addrs) -> target.put(MetaLabels.sanitize(ADDRESS_PREFIX + type), addrs.get(0)));
        return new TargetGroup(source(name), List.of(target), group);
    }

    /** What {@code attach_metadata.node} adds: node name and labels (not annotations), as Prometheus's addNodeLabels. */
    static Map<String, String> attachLabels(Node node) {
        Map<String, String> ls = new HashMap<>();
        ls.put(NAME, nz(node.getMetadata().getName()));
        MetaLabels.putAll(ls, NODE_PREFIX, "label", node.getMetadata().getLabels());
        return ls;
    }
}
