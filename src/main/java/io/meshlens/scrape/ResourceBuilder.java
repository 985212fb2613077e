package io.meshlens.scrape;

import io.meshlens.model.Attributes;

import java.net.InetAddress;
import java.util.Map;

/**
 * Resource attributes of a scrape target, as the Collector's Prometheus receiver (contrib 0.118)
 * creates them: service.name = job, service.instance.id = instance, server.address/server.port and
 * url.scheme from the instance and {@code __scheme__}, the legacy net.host.name/net.host.port/
 * http.scheme (the RemoveLegacyResourceAttributes gate is off at 0.118), and k8s.* from
 * Kubernetes discovery labels. The host only counts when "discernible": not loopback, not
 * unspecified, not "localhost" — so simulated pods on 127.x.y.z get no server.address.
 */
public final class ResourceBuilder {
    private static final Map<String, String> K8S = Map.of(
            "__meta_kubernetes_pod_name", "k8s.pod.name",
            "__meta_kubernetes_pod_uid", "k8s.pod.uid",
            "__meta_kubernetes_pod_container_name", "k8s.container.name",
            "__meta_kubernetes_namespace", "k8s.namespace.name",
            "__meta_kubernetes_pod_node_name", "k8s.node.name",
            "__meta_kubernetes_node_name", "k8s.node.name",
            "__meta_kubernetes_endpoint_node_name", "k8s.node.name");

    private final Attributes discovered;

    /** @param discovered the target's labels before relabeling (incl. __meta_* and __scheme__) */
    public ResourceBuilder(Attributes discovered) {
        this.discovered = discovered;
    }

    public Attributes build(String job, String instance) {
        String host = instance;
        String port = "";
        int colon = instance.lastIndexOf(':');
        if (colon > 0 && instance.indexOf(':') == colon) {
            host = instance.substring(0, colon);
            port = instance.substring(colon + 1);
        } else if (instance.startsWith("[") && instance.contains("]:")) {
            int end = instance.indexOf("]:");
            host = instance.substring(1, end);
            port = instance.substring(end + 2);
        }
        String scheme = str(discovered.getString("__scheme__"));
        Attributes.Builder b = Attributes.builder(16);
        b.put("service.name", job);
        if (discernible(host)) {
            b.put("net.host.name", host);
            b.put("server.address", host);
        }
        b.put("service.instance.id", instance);
        b.put("net.host.port", port);
        b.put("http.scheme", scheme);
        b.put("server.port", port);
        b.put("url.scheme", scheme);
        K8S.forEach((label, attr) -> {
            String v = discovered.getString(label);
            if (v != null && !v.isEmpty()) {
                b.put(attr, v);
            }
        });
        String kind = str(discovered.getString("__meta_kubernetes_pod_controller_kind"));
        String name = str(discovered.getString("__meta_kubernetes_pod_controller_name"));
        if (!kind.isEmpty() && !name.isEmpty()) {
            String attr = switch (kind) {
                case "ReplicaSet" -> "k8s.replicaset.name";
                case "DaemonSet" -> "k8s.daemonset.name";
                case "StatefulSet" -> "k8s.statefulset.name";
                case "Job" -> "k8s.job.name";
                case "CronJob" -> "k8s.cronjob.name";
                default -> null;
            };
            if (attr != null) {
                b.put(attr, name);
            }
        }
        return b.build();
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    /** Go's net.ParseIP + IsLoopback/IsUnspecified, and "localhost". Never does a DNS lookup. */
    static boolean discernible(String host) {
        if (host.equals("localhost")) {
            return false;
        }
        if (!looksLikeIp(host)) {
            return true;
        }
        try {
            // An IP literal: getByName parses it without a lookup.
            InetAddress a = InetAddress.getByName(host);
            return !a.isLoopbackAddress() && !a.isAnyLocalAddress();
        } catch (java.net.UnknownHostException | IllegalArgumentException e) {
            return true;
        }
    }

    private static boolean looksLikeIp(String h) {
        return !h.isEmpty() && (h.indexOf(':') >= 0 || h.chars().allMatch(c -> Character.isDigit(c) || c == '.'));
    }
}
