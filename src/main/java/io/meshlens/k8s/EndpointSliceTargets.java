package io.meshlens.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.meshlens.discovery.TargetGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.meshlens.k8s.MetaLabels.PREFIX;
import static io.meshlens.k8s.MetaLabels.nz;
import static io.meshlens.k8s.PodTargets.nullSafe;

/** The endpointslice role's target group (discovery.k8s.io/v1), as Prometheus 2.42 {@code endpointslice.go}. */
final class EndpointSliceTargets {
    static final String ES = PREFIX + "endpointslice_";
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";

    private EndpointSliceTargets() {
    }

    static String source(String namespace, String name) {
        return "endpointslice/" + namespace + "/" + name;
    }

    static TargetGroup build(EndpointSlice eps, ObjectLookup lookup) {
        String ns = eps.getMetadata().getNamespace();
        String name = eps.getMetadata().getName();
        Map<String, String> group = new HashMap<>();
        group.put(MetaLabels.NAMESPACE, nz(ns));
        group.put(ES + "name", nz(name));
        group.put(ES + "address_type", nz(eps.getAddressType()));
        Map<String, String> labels = eps.getMetadata().getLabels();
        if (labels != null && labels.containsKey(SERVICE_NAME_LABEL)) {
            Service svc = lookup.service(ns, labels.get(SERVICE_NAME_LABEL));
            if (svc != null) {
                group.putAll(ServiceTargets.serviceLabels(svc));
            }
        }

        List<Map<String, String>> targets = new ArrayList<>();
        Map<String, EndpointsTargets.SeenPod> seenPods = new LinkedHashMap<>();
        for (Endpoint ep : nullSafe(eps.getEndpoints())) {
            for (EndpointPort port : nullSafe(eps.getPorts())) {
                for (String addr : nullSafe(ep.getAddresses())) {
                    targets.add(target(addr, ep, port, lookup, seenPods));
                }
            }
        }
        for (EndpointsTargets.SeenPod sp : seenPods.values()) {
            for (Container c : nullSafe(sp.pod().getSpec().getContainers())) {
                for (ContainerPort cp : nullSafe(c.getPorts())) {
                    if (sp.servicePorts().contains(cp.getContainerPort())) {
                        continue;
                    }
                    targets.add(EndpointsTargets.extraPodTarget(sp.pod(), c, cp));
                }
            }
        }
        return new TargetGroup(source(ns, name), targets, group);
    }

    private static Map<String, String> target(String addr, Endpoint ep, EndpointPort port, ObjectLookup lookup,
                                              Map<String, EndpointsTargets.SeenPod> seenPods) {
        Map<String, String> t = new HashMap<>();
        String portStr = port.getPort() == null ? null : Integer.toString(port.getPort());
        t.put(MetaLabels.ADDRESS, portStr == null ? addr : MetaLabels.joinHostPort(addr, portStr));
        if (port.getName() != null) {
            t.put(ES + "port_name", port.getName());
        }
        if (port.getProtocol() != null) {
            t.put(ES + "port_protocol", port.getProtocol());
        }
        if (portStr != null) {
            t.put(ES + "port", portStr);
        }
        if (port.getAppProtocol() != null) {
            t.put(ES + "port_app_protocol", port.getAppProtocol());
        }
        var cond = ep.getConditions();
        if (cond != null) {
            if (cond.getReady() != null) {
                t.put(ES + "endpoint_conditions_ready", cond.getReady().toString());
            }
            if (cond.getServing() != null) {
                t.put(ES + "endpoint_conditions_serving", cond.getServing().toString());
            }
            if (cond.getTerminating() != null) {
                t.put(ES + "endpoint_conditions_terminating", cond.getTerminating().toString());
            }
        }
        if (ep.getHostname() != null) {
            t.put(ES + "endpoint_hostname", ep.getHostname());
        }
        ObjectReference ref = ep.getTargetRef();
        if (ref != null) {
            t.put(ES + "address_target_kind", nz(ref.getKind()));
            t.put(ES + "address_target_name", nz(ref.getName()));
        }
        if (ep.getDeprecatedTopology() != null) {
            ep.getDeprecatedTopology().forEach((k, v) -> {
                String ln = MetaLabels.sanitize(k);
                t.put(ES + "endpoint_topology_" + ln, nz(v));
                t.put(ES + "endpoint_topology_present_" + ln, MetaLabels.PRESENT);
            });
        }
        if (ep.getNodeName() != null) {
            Map<String, String> nl = lookup.nodeLabels(ep.getNodeName());
            if (nl != null) {
                t.putAll(nl);
            }
        }
        Pod pod = EndpointsTargets.resolvePod(ref, lookup);
        if (pod == null) {
            return t;
        }
        var sp = seenPods.computeIfAbsent(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(),
                k -> new EndpointsTargets.SeenPod(pod, new ArrayList<>()));
        t.putAll(PodTargets.podLabels(pod));
        outer:
        for (Container c : nullSafe(pod.getSpec().getContainers())) {
            for (ContainerPort cp : nullSafe(c.getPorts())) {
                if (port.getPort() != null && port.getPort().equals(cp.getContainerPort())) {
                    t.put(PodTargets.CONTAINER_NAME, nz(c.getName()));
                    t.put(PodTargets.CONTAINER_IMAGE, nz(c.getImage()));
                    t.put(PodTargets.PORT_NAME, nz(cp.getName()));
                    t.put(PodTargets.PORT_NUMBER, portStr);
                    t.put(PodTargets.PORT_PROTOCOL, nz(cp.getProtocol()));
                    break outer;
                }
            }
        }
        sp.servicePorts().add(port.getPort());
        return t;
    }
}
