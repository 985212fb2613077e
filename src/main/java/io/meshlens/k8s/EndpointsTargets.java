package io.meshlens.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.meshlens.discovery.TargetGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.meshlens.k8s.MetaLabels.PREFIX;
import static io.meshlens.k8s.MetaLabels.nz;
import static io.meshlens.k8s.PodTargets.nullSafe;

/** The endpoints role's target group for one Endpoints object, as Prometheus 2.42 {@code endpoints.go}. */
final class EndpointsTargets {
    static final String EP = PREFIX + "endpoint_";

    private EndpointsTargets() {
    }

    static String source(String namespace, String name) {
        return "endpoints/" + namespace + "/" + name;
    }

    static TargetGroup build(Endpoints eps, ObjectLookup lookup) {
        String ns = eps.getMetadata().getNamespace();
        String name = eps.getMetadata().getName();
        Map<String, String> group = new HashMap<>();
        group.put(MetaLabels.NAMESPACE, nz(ns));
        group.put(PREFIX + "endpoints_name", nz(name));
        Service svc = lookup.service(ns, name);
        if (svc != null) {
            group.putAll(ServiceTargets.serviceLabels(svc));
        }
        MetaLabels.putAll(group, PREFIX + "endpoints_", "label", eps.getMetadata().getLabels());

        List<Map<String, String>> targets = new ArrayList<>();
        Map<String, SeenPod> seenPods = new LinkedHashMap<>();
        for (EndpointSubset ss : nullSafe(eps.getSubsets())) {
            for (EndpointPort port : nullSafe(ss.getPorts())) {
                for (EndpointAddress a : nullSafe(ss.getAddresses())) {
                    targets.add(target(a, port, "true", lookup, seenPods));
                }
                for (EndpointAddress a : nullSafe(ss.getNotReadyAddresses())) {
                    targets.add(target(a, port, "false", lookup, seenPods));
                }
            }
        }
        // Container ports of the selected pods that no endpoint port covers still become targets.
        for (SeenPod sp : seenPods.values()) {
            for (Container c : nullSafe(sp.pod.getSpec().getContainers())) {
                for (ContainerPort cp : nullSafe(c.getPorts())) {
                    if (sp.servicePorts.contains(cp.getContainerPort())) {
                        continue;
                    }
                    targets.add(extraPodTarget(sp.pod, c, cp));
                }
            }
        }
        return new TargetGroup(source(ns, name), targets, group);
    }

    record SeenPod(Pod pod, List<Integer> servicePorts) {
    }

    private static Map<String, String> target(EndpointAddress addr, EndpointPort port, String ready,
                                              ObjectLookup lookup, Map<String, SeenPod> seenPods) {
        String portStr = Integer.toString(port.getPort() == null ? 0 : port.getPort());
        Map<String, String> t = new HashMap<>();
        t.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(nz(addr.getIp()), portStr));
        t.put(EP + "port_name", nz(port.getName()));
        t.put(EP + "port_protocol", nz(port.getProtocol()));
        t.put(EP + "ready", ready);
        ObjectReference ref = addr.getTargetRef();
        if (ref != null) {
            t.put(EP + "address_target_kind", nz(ref.getKind()));
            t.put(EP + "address_target_name", nz(ref.getName()));
        }
        if (addr.getNodeName() != null) {
            t.put(EP + "node_name", addr.getNodeName());
        }
        if (addr.getHostname() != null && !addr.getHostname().isEmpty()) {
            t.put(EP + "hostname", addr.getHostname());
        }
        if (addr.getNodeName() != null) {
            Map<String, String> nl = lookup.nodeLabels(addr.getNodeName());
            if (nl != null) {
                t.putAll(nl);
            }
        }
        Pod pod = resolvePod(ref, lookup);
        if (pod == null) {
            return t;
        }
        SeenPod sp = seenPods.computeIfAbsent(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(),
                k -> new SeenPod(pod, new ArrayList<>()));
        t.putAll(PodTargets.podLabels(pod));
        outer:
        for (Container c : nullSafe(pod.getSpec().getContainers())) {
            for (ContainerPort cp : nullSafe(c.getPorts())) {
                if (port.getPort() != null && port.getPort().equals(cp.getContainerPort())) {
                    t.put(PodTargets.CONTAINER_NAME, nz(c.getName()));
                    t.put(PodTargets.CONTAINER_IMAGE, nz(c.getImage()));
                    t.put(PodTargets.PORT_NAME, nz(cp.getName()));
                    t.put(PodTargets.PORT_NUMBER, portStr);
                    t.put(PodTargets.PORT_PROTOCOL, nz(port.getProtocol()));
                    break outer;
                }
            }
        }
        sp.servicePorts.add(port.getPort());
        return t;
    }

    static Pod resolvePod(ObjectReference ref, ObjectLookup lookup) {
        if (ref == null || !"Pod".equals(ref.getKind())) {
            return null;
        }
        return lookup.pod(ref.getNamespace(), ref.getName());
    }

    static Map<String, String> extraPodTarget(Pod pod, Container c, ContainerPort cp) {
        String port = Integer.toString(cp.getContainerPort() == null ? 0 : cp.getContainerPort());
        Map<String, String> t = new HashMap<>();
        t.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(nz(pod.getStatus().getPodIP()), port));
        t.put(PodTargets.CONTAINER_NAME, nz(c.getName()));
        t.put(PodTargets.CONTAINER_IMAGE, nz(c.getImage()));
        t.put(PodTargets.PORT_NAME, nz(cp.getName()));
        t.put(PodTargets.PORT_NUMBER, port);
        t.put(PodTargets.PORT_PROTOCOL, nz(cp.getProtocol()));
        t.putAll(PodTargets.podLabels(pod));
        return t;
    }
}
