package io.meshlens.k8s;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.meshlens.discovery.TargetGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.meshlens.k8s.MetaLabels.PREFIX;
import static io.meshlens.k8s.MetaLabels.nz;

/** The service role's target group (one target per service port at {@code name.namespace.svc:port}). */
final class ServiceTargets {
    static final String SERVICE_PREFIX = PREFIX + "service_";
    static final String NAME = SERVICE_PREFIX + "name";

    private ServiceTargets() {
    }

    static String source(String namespace, String name) {
        return "svc/" + namespace + "/" + name;
    }

    /** Group-level service labels, shared with the endpoints roles. */
    static Map<String, String> serviceLabels(Service svc) {
        Map<String, String> ls = new HashMap<>();
        ls.put(NAME, nz(svc.getMetadata().getName()));
        ls.put(MetaLabels.NAMESPACE, nz(svc.getMetadata().getNamespace()));
        MetaLabels.putAll(ls, SERVICE_PREFIX, "label", svc.getMetadata().getLabels());
        MetaLabels.putAll(ls, SERVICE_PREFIX, "annotation", svc.getMetadata().getAnnotations());
        return ls;
    }

    static TargetGroup build(Service svc) {
        String ns = svc.getMetadata().getNamespace();
        String name = svc.getMetadata().getName();
        var spec = svc.getSpec();
        String type = spec == null ? "" : nz(spec.getType());
        List<Map<String, String>> targets = new ArrayList<>();
        for (ServicePort p : spec == null ? List.<ServicePort>of() : PodTargets.nullSafe(spec.getPorts())) {
            String port = Integer.toString(p.getPort() == null ? 0 : p.getPort());
            Map<String, String> t = new HashMap<>();
            t.put(MetaLabels.ADDRESS, MetaLabels.joinHostPort(name + "." + ns + ".svc", port));
            t.put(SERVICE_PREFIX + "port_name", nz(p.getName()));
            t.put(SERVICE_PREFIX + "port_number", port);
            t.put(SERVICE_PREFIX + "port_protocol", nz(p.getProtocol()));
            t.put(SERVICE_PREFIX + "type", type);
            if (type.equals("ExternalName")) {
                t.put(SERVICE_PREFIX + "external_name", nz(spec.getExternalName()));
            } else {
                t.put(SERVICE_PREFIX + "cluster_ip", nz(spec.getClusterIP()));
            }
            if (type.equals("LoadBalancer")) {
                t.put(SERVICE_PREFIX + "loadbalancer_ip", nz(spec.getLoadBalancerIP()));
            }
            targets.add(t);
        }
        return new TargetGroup(source(ns, name), targets, serviceLabels(svc));
    }
}
