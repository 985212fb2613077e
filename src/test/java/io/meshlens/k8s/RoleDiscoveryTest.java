package io.meshlens.k8s;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.meshlens.discovery.TargetGroup;
import io.meshlens.promhttp.HttpClientConfig;
import io.meshlens.testing.MeshedPods;
import io.meshlens.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The other roles end to end: config → client from {@code api_server} → informers → groups. */
class RoleDiscoveryTest {
    private MockCluster cluster;
    private KubernetesDiscovery discovery;
    private final GroupCollector groups = new GroupCollector();

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
    }

    @AfterEach
    void stop() {
        if (discovery != null) {
            discovery.stop();
        }
        cluster.close();
    }

    private void discover(Role role) {
        KubernetesSdConfig cfg = new KubernetesSdConfig(role, cluster.url(), null, KubernetesSdConfig.Namespaces.ALL,
                List.of(), false, HttpClientConfig.DEFAULT);
        discovery = KubernetesDiscovery.create(cfg);
        discovery.start(groups);
        awaitWatching(discovery);
    }

    /** The mock server does not replay events a late watch missed, so tests change objects only once watching. */
    static void awaitWatching(KubernetesDiscovery d) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (!d.isWatching() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        assertThat(d.isWatching()).isTrue();
    }

    @Test
    void serviceRoleThroughApiServerConfig() {
        discover(Role.SERVICE);
        cluster.create(new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("cart").endMetadata()
                .withNewSpec().withType("ClusterIP").withClusterIP("10.96.0.12")
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSpec().build());
        TargetGroup g = groups.await("svc/shop/cart", x -> !x.isEmpty());
        assertThat(g.targets()).extracting(t -> t.get("__address__")).containsExactly("cart.shop.svc:8080");
        cluster.client().services().inNamespace("shop").withName("cart").delete();
        groups.await("svc/shop/cart", TargetGroup::isEmpty);
    }

    @Test
    void endpointsRoleJoinsPodsAndIsRebuiltWhenItsServiceChanges() {
        cluster.create(MeshedPods.pod("shop", "cart-1", "10.42.0.7", "node-a", null, "cart"));
        cluster.create(new EndpointsBuilder().withNewMetadata().withNamespace("shop").withName("cart").endMetadata()
                .addNewSubset().addNewAddress().withIp("10.42.0.7")
                .withNewTargetRef().withKind("Pod").withNamespace("shop").withName("cart-1").endTargetRef().endAddress()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSubset().build());
        discover(Role.ENDPOINTS);
        TargetGroup g = groups.await("endpoints/shop/cart", x -> !x.isEmpty());
        assertThat(g.targets().get(0)).containsEntry("__meta_kubernetes_pod_name", "cart-1")
                .containsEntry("__meta_kubernetes_pod_container_name", "cart");

        cluster.create(new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("cart")
                .addToLabels("tier", "backend").endMetadata().withNewSpec().withClusterIP("10.96.0.12").endSpec().build());
        TargetGroup withService = groups.await("endpoints/shop/cart",
                x -> x.labels().containsKey("__meta_kubernetes_service_label_tier"));
        assertThat(withService.labels()).containsEntry("__meta_kubernetes_service_name", "cart");
    }

    @Test
    void nodeRoleTargetsTheKubelet() {
        discover(Role.NODE);
        cluster.createNode("node-a", Map.of("kubernetes.io/os", "linux"));
        TargetGroup g = groups.await("node/node-a", x -> !x.isEmpty());
        assertThat(g.targets().get(0).get("__address__")).endsWith(":10250");
        assertThat(g.targets().get(0)).containsEntry("instance", "node-a");
    }
}
