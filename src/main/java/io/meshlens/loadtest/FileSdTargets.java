package io.meshlens.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlens.sim.SimPod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated pods as a Prometheus {@code file_sd_configs} file, one target per proxy admin port
 * with the {@code __meta_kubernetes_pod_*} labels that {@code kubernetes_sd_configs} (role: pod)
 * would give its {@code linkerd-admin} port. The bench uses it for every agent because Debian's
 * Prometheus is built without Kubernetes discovery and vmagent cannot watch the mock API server.
 */
public final class FileSdTargets {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FileSdTargets() {
    }

    /** One target group per pod, in pod order. */
    public static List<Map<String, Object>> groups(List<SimPod> pods) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (SimPod p : pods) {
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put("__meta_kubernetes_namespace", p.namespace());
            labels.put("__meta_kubernetes_pod_name", p.name());
            labels.put("__meta_kubernetes_pod_uid", p.uid());
            labels.put("__meta_kubernetes_pod_ip", p.ip());
            labels.put("__meta_kubernetes_pod_node_name", p.node());
            labels.put("__meta_kubernetes_pod_host_ip", p.hostIp());
            labels.put("__meta_kubernetes_pod_phase", "Running");
            labels.put("__meta_kubernetes_pod_ready", "true");
            labels.put("__meta_kubernetes_pod_container_name", "linkerd-proxy");
            labels.put("__meta_kubernetes_pod_container_port_name", "linkerd-admin");
            labels.put("__meta_kubernetes_pod_container_port_number", "4191");
            labels.put("__meta_kubernetes_pod_controller_kind", p.service().isDaemonSet() ? "DaemonSet" : "ReplicaSet");
            labels.put("__meta_kubernetes_pod_controller_name",
                    p.service().isDaemonSet() ? p.service().name() : p.replicaSet());
            labels.put("__meta_kubernetes_pod_label_app_kubernetes_io_name", p.service().name());
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("targets", List.of(p.adminAddress()));
            g.put("labels", labels);
            out.add(g);
        }
        return out;
    }

    /** Writes the file atomically (file_sd readers may be watching it). */
    public static void write(List<SimPod> pods, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), groups(pods));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
