package io.meshlens.k8s;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.meshlens.discovery.TargetGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.meshlens.k8s.MetaLabels.ADDRESS;
import static io.meshlens.k8s.MetaLabels.PREFIX;
import static io.meshlens.k8s.MetaLabels.nz;

/** The pod role's target group for one pod, label for label as Prometheus 2.42 {@code pod.go}. */
final class PodTargets {
    static final String POD_PREFIX = PREFIX + "pod_";
    static final String NAME = POD_PREFIX + "name";
    static final String IP = POD_PREFIX + "ip";
    static final String READY = POD_PREFIX + "ready";
    static final String PHASE = POD_PREFIX + "phase";
    static final String NODE_NAME = POD_PREFIX + "node_name";
    static final String HOST_IP = POD_PREFIX + "host_ip";
    static final String UID = POD_PREFIX + "uid";
    static final String CONTROLLER_KIND = POD_PREFIX + "controller_kind";
    static final String CONTROLLER_NAME = POD_PREFIX + "controller_name";
    static final String CONTAINER_NAME = POD_PREFIX + "container_name";
    static final String CONTAINER_ID = POD_PREFIX + "container_id";
    static final String CONTAINER_IMAGE = POD_PREFIX + "container_image";
    static final String CONTAINER_INIT = POD_PREFIX + "container_init";
    static final String PORT_NAME = POD_PREFIX + "container_port_name";
    static final String PORT_NUMBER = POD_PREFIX + "container_port_number";
    static final String PORT_PROTOCOL = POD_PREFIX + "container_port_protocol";

    private PodTargets() {
    }

    static String source(String namespace, String name) {
        return "pod/" + namespace + "/" + name;
    }

    /**
     * One target per declared container port ({@code podIP:port}) and one per container without
     * ports (address = pod IP), init containers after the regular ones. A pod without an IP yet
     * (pending, evicted) yields an empty group, which removes its earlier targets.
     *
     * @param nodeLabels node labels to attach ({@code attach_metadata.node}), or null
     */
    static TargetGroup build(Pod pod, Map<String, String> nodeLabels) {
        String source = source(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (podIp == null || podIp.isEmpty()) {
            return TargetGroup.empty(source);
        }
        Map<String, String> group = podLabels(pod);
        group.put(MetaLabels.NAMESPACE, nz(pod.getMetadata().getNamespace()));
        if (nodeLabels != null) {
            group.putAll(nodeLabels);
        }

        List<Map<String, String>> targets = new ArrayList<>();
        List<Container> regular = nullSafe(pod.getSpec().getContainers());
        List<Container> init = nullSafe(pod.getSpec().getInitContainers());
        for (int i = 0; i < regular.size() + init.size(); i++) {
            boolean isInit = i >= regular.size();
            Container c = isInit ? init.get(i - regular.size()) : regular.get(i);
            String cid = containerId(isInit ? pod.getStatus().getInitContainerStatuses()
                    : pod.getStatus().getContainerStatuses(), c.getName());
            List<ContainerPort> ports = nullSafe(c.getPorts());
            if (ports.isEmpty()) {
                Map<String, String> t = new HashMap<>();
                t.put(ADDRESS, podIp);
                putContainer(t, c, cid, isInit);
                targets.add(t);
                continue;
            }
            for (ContainerPort p : ports) {
                String port = Integer.toString(p.getContainerPort() == null ? 0 : p.getContainerPort());
                Map<String, String> t = new HashMap<>();
                t.put(ADDRESS, MetaLabels.joinHostPort(podIp, port));
                putContainer(t, c, cid, isInit);
                t.put(PORT_NUMBER, port);
                t.put(PORT_NAME, nz(p.getName()));
                t.put(PORT_PROTOCOL, nz(p.getProtocol()));
                targets.add(t);
            }
        }
        return new TargetGroup(source, targets, group);
    }

    /** Pod-level labels, shared with the endpoints roles (without namespace, as Prometheus). */
    static Map<String, String> podLabels(Pod pod) {
        Map<String, String> ls = new HashMap<>();
        var meta = pod.getMetadata();
        var status = pod.getStatus();
        ls.put(NAME, nz(meta.getName()));
        ls.put(IP, status == null ? "" : nz(status.getPodIP()));
        ls.put(READY, ready(pod));
        ls.put(PHASE, status == null ? "" : nz(status.getPhase()));
        ls.put(NODE_NAME, pod.getSpec() == null ? "" : nz(pod.getSpec().getNodeName()));
        ls.put(HOST_IP, status == null ? "" : nz(status.getHostIP()));
        ls.put(UID, nz(meta.getUid()));
        OwnerReference controller = controllerOf(meta.getOwnerReferences());
        if (controller != null) {
            if (controller.getKind() != null && !controller.getKind().isEmpty()) {
                ls.put(CONTROLLER_KIND, controller.getKind());
            }
            if (controller.getName() != null && !controller.getName().isEmpty()) {
                ls.put(CONTROLLER_NAME, controller.getName());
            }
        }
        MetaLabels.putAll(ls, POD_PREFIX, "label", meta.getLabels());
        MetaLabels.putAll(ls, POD_PREFIX, "annotation", meta.getAnnotations());
        return ls;
    }

    /** The owner reference marked {@code controller: true} (client-go's GetControllerOf). */
    static OwnerReference controllerOf(List<OwnerReference> refs) {
        for (OwnerReference r : nullSafe(refs)) {
            if (Boolean.TRUE.equals(r.getController())) {
                return r;
            }
        }
        return null;
    }

    private static void putContainer(Map<String, String> t, Container c, String cid, boolean isInit) {
        t.put(CONTAINER_NAME, nz(c.getName()));
        t.put(CONTAINER_ID, cid);
        t.put(CONTAINER_IMAGE, nz(c.getImage()));
        t.put(CONTAINER_INIT, Boolean.toString(isInit));
    }

    private static String containerId(List<ContainerStatus> statuses, String name) {
        for (ContainerStatus s : nullSafe(statuses)) {
            if (name != null && name.equals(s.getName())) {
                return nz(s.getContainerID());
            }
        }
        return "";
    }

    private static String ready(Pod pod) {
        if (pod.getStatus() != null) {
            for (PodCondition c : nullSafe(pod.getStatus().getConditions())) {
                if ("Ready".equals(c.getType())) {
                    return nz(c.getStatus()).toLowerCase(java.util.Locale.ROOT);
                }
            }
        }
        return "unknown";
    }

    static <T> List<T> nullSafe(List<T> l) {
        return l == null ? List.of() : l;
    }
}
