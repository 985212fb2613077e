package io.meshlens.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlens.sim.Protocol;
import io.meshlens.sim.ServiceDef;
import io.meshlens.sim.SimPod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileSdTargetsTest {
    @TempDir
    Path dir;

    private static final ServiceDef CART = new ServiceDef("cart", "otel-demo", 8080, Protocol.GRPC, "Deployment",
            "otel-demo", "opentelemetry-demo", List.of("cart"), "10.43.0.9");
    private static final ServiceDef COLLECTOR = new ServiceDef("meshlens-collector", "observability", 0, Protocol.HTTP,
            "DaemonSet", "meshlens", "meshlens", List.of("collector"), null);

    @Test
    void eachPodIsOneAdminPortTargetWithTheLabelsKubernetesSdWouldGiveIt() throws Exception {
        SimPod cart = new SimPod(CART, "cart-7d9f8b6c5d-x2x4q", "7d9f8b6c5d", "127.1.0.5", "k3s-node-1", "127.255.0.1",
                0, "uid-cart");
        SimPod col = new SimPod(COLLECTOR, "meshlens-collector-abcde", "abcde", "127.1.0.6", "k3s-node-1",
                "127.255.0.1", 0, "uid-col");
        Path f = dir.resolve("targets.json");
        FileSdTargets.write(List.of(cart, col), f);
        JsonNode groups = new ObjectMapper().readTree(f.toFile());
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).get("targets").get(0).asText()).isEqualTo("127.1.0.5:4191");
        JsonNode l = groups.get(0).get("labels");
        assertThat(l.get("__meta_kubernetes_pod_ip").asText()).isEqualTo("127.1.0.5");
        assertThat(l.get("__meta_kubernetes_pod_container_name").asText()).isEqualTo("linkerd-proxy");
        assertThat(l.get("__meta_kubernetes_pod_uid").asText()).isEqualTo("uid-cart");
        assertThat(l.get("__meta_kubernetes_pod_controller_kind").asText()).isEqualTo("ReplicaSet");
        assertThat(l.get("__meta_kubernetes_pod_controller_name").asText()).isEqualTo("cart-7d9f8b6c5d");
        JsonNode d = groups.get(1).get("labels");
        assertThat(d.get("__meta_kubernetes_pod_controller_kind").asText()).isEqualTo("DaemonSet");
        assertThat(d.get("__meta_kubernetes_pod_controller_name").asText()).isEqualTo("meshlens-collector");
    }
}
