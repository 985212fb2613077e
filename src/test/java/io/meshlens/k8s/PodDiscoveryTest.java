package io.meshlens.k8s;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.meshlens.discovery.TargetGroup;
import io.meshlens.promhttp.HttpClientConfig;
import io.meshlens.testing.MeshedPods;
import io.meshlens.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PodDiscoveryTest {
    private MockCluster cluster;
    private KubernetesDiscovery discovery;
    private final GroupCollector groups = new GroupCollector();

    @BeforeEach
    void startCluster() {
        cluster = MockCluster.start();
    }

    @AfterEach
    void stop() {
        if (discovery != null) {
            discovery.stop();
        }
        cluster.close();
    }

    private void discover(KubernetesSdConfig.Namespaces ns, List<KubernetesSdConfig.Selector> selectors, boolean attachNode) {
        KubernetesSdConfig cfg = new KubernetesSdConfig(Role.POD, cluster.url(), null, ns, selectors, attachNode,
                HttpClientConfig.DEFAULT);
        discovery = new KubernetesDiscovery(cfg, cluster.client());
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

    private static final String P = "__meta_kubernetes_pod_";

    /** Every group-level label Prometheus 2.42 sets for the injected pod of {@link MeshedPods}. */
    private static final Map<String, String> CART_GROUP_LABELS = Map.ofEntries(
            Map.entry("__meta_kubernetes_namespace", "shop"),
            Map.entry(P + "name", "cart-7d9f8b6c5-x2x7q"),
            Map.entry(P + "ip", "10.42.0.7"),
            Map.entry(P + "uid", "(assigned by the server)"),
            Map.entry(P + "node_name", "node-a"),
            Map.entry(P + "host_ip", "192.168.0.10"),
            Map.entry(P + "ready", "true"),
            Map.entry(P + "phase", "Running"),
            Map.entry(P + "controller_kind", "ReplicaSet"),
            Map.entry(P + "controller_name", "cart-7d9f8b6c5"),
            Map.entry(P + "label_app", "cart"),
            Map.entry(P + "labelpresent_app", "true"),
            Map.entry(P + "label_pod_template_hash", "7d9f8b6c5"),
            Map.entry(P + "labelpresent_pod_template_hash", "true"),
            Map.entry(P + "label_linkerd_io_control_plane_ns", "linkerd"),
            Map.entry(P + "labelpresent_linkerd_io_control_plane_ns", "true"),
            Map.entry(P + "label_linkerd_io_proxy_deployment", "cart"),
            Map.entry(P + "labelpresent_linkerd_io_proxy_deployment", "true"),
            Map.entry(P + "label_linkerd_io_workload_ns", "shop"),
            Map.entry(P + "labelpresent_linkerd_io_workload_ns", "true"),
            Map.entry(P + "annotation_linkerd_io_inject", "enabled"),
            Map.entry(P + "annotationpresent_linkerd_io_inject", "true"),
            Map.entry(P + "annotation_linkerd_io_created_by", "linkerd/proxy-injector edge-26.5.5"),
            Map.entry(P + "annotationpresent_linkerd_io_created_by", "true"),
            Map.entry(P + "annotation_linkerd_io_proxy_version", "edge-26.5.5"),
            Map.entry(P + "annotationpresent_linkerd_io_proxy_version", "true"),
            Map.entry(P + "annotation_linkerd_io_trust_root_sha256", "5c2b6c0c1b4e"),
            Map.entry(P + "annotationpresent_linkerd_io_trust_root_sha256", "true"));

    /** Per-target labels: one per declared port, regular containers first, then the port-less init container. */
    private static final List<Map<String, String>> CART_TARGETS = List.of(
            Map.of("__address__", "10.42.0.7:4143",
                    P + "container_name", "linkerd-proxy",
                    P + "container_image", "cr.l5d.io/linkerd/proxy:edge-26.5.5",
                    P + "container_id", "containerd://proxy-cart-7d9f8b6c5-x2x7q",
                    P + "container_init", "false",
                    P + "container_port_name", "linkerd-proxy",
                    P + "container_port_number", "4143",
                    P + "container_port_protocol", "TCP"),
            Map.of("__address__", "10.42.0.7:4191",
                    P + "container_name", "linkerd-proxy",
                    P + "container_image", "cr.l5d.io/linkerd/proxy:edge-26.5.5",
                    P + "container_id", "containerd://proxy-cart-7d9f8b6c5-x2x7q",
                    P + "container_init", "false",
                    P + "container_port_name", "linkerd-admin",
                    P + "container_port_number", "4191",
                    P + "container_port_protocol", "TCP"),
            Map.of("__address__", "10.42.0.7:8080",
                    P + "container_name", "cart",
                    P + "container_image", "ghcr.io/open-telemetry/demo:1.12.0-cart",
                    P + "container_id", "containerd://app-cart-7d9f8b6c5-x2x7q",
                    P + "container_init", "false",
                    P + "container_port_name", "service",
                    P + "container_port_number", "8080",
                    P + "container_port_protocol", "TCP"),
            Map.of("__address__", "10.42.0.7",
                    P + "container_name", "linkerd-init",
                    P + "container_image", "cr.l5d.io/linkerd/proxy-init:v2.4.1",
                    P + "container_id", "containerd://init-cart-7d9f8b6c5-x2x7q",
                    P + "container_init", "true"));

    private static Pod cart() {
        return MeshedPods.pod("shop", "cart-7d9f8b6c5-x2x7q", "10.42.0.7", "node-a", "cart-7d9f8b6c5", "cart");
    }

    @Test
    void injectedPodYieldsPrometheusTargetsAndLabelsExactly() {
        cluster.create(cart());
        discover(KubernetesSdConfig.Namespaces.ALL, List.of(), false);

        TargetGroup g = groups.await("pod/shop/cart-7d9f8b6c5-x2x7q", x -> !x.isEmpty());
        Map<String, String> expected = new java.util.HashMap<>(CART_GROUP_LABELS);
        expected.put(P + "uid", cluster.pod("shop", "cart-7d9f8b6c5-x2x7q").getMetadata().getUid()); // assigned by the API server
        assertThat(g.labels()).isEqualTo(expected);
        assertThat(g.targets()).isEqualTo(CART_TARGETS);
    }

    @Test
    void podChangesReplaceTheGroupAndDeletionEmptiesIt() {
        discover(KubernetesSdConfig.Namespaces.ALL, List.of(), false);
        cluster.create(cart());
        groups.await("pod/shop/cart-7d9f8b6c5-x2x7q", x -> !x.isEmpty());

        Pod changed = new PodBuilder(cluster.pod("shop", "cart-7d9f8b6c5-x2x7q"))
                .editMetadata().addToLabels("version", "v2").endMetadata()
                .editStatus().withPodIP("10.42.0.99").endStatus().build();
        cluster.update(changed);
        TargetGroup g = groups.await("pod/shop/cart-7d9f8b6c5-x2x7q",
                x -> "10.42.0.99".equals(x.labels().get(P + "ip")));
        assertThat(g.labels()).containsEntry(P + "label_version", "v2").containsEntry(P + "labelpresent_version", "true");
        assertThat(g.targets()).extracting(t -> t.get("__address__"))
                .containsExactly("10.42.0.99:4143", "10.42.0.99:4191", "10.42.0.99:8080", "10.42.0.99");

        cluster.deletePod("shop", "cart-7d9f8b6c5-x2x7q");
        TargetGroup gone = groups.await("pod/shop/cart-7d9f8b6c5-x2x7q", TargetGroup::isEmpty);
        assertThat(gone.labels()).isEmpty();
    }

    @Test
    void podWithoutIpYieldsAnEmptyGroupUntilItGetsOne() {
        discover(KubernetesSdConfig.Namespaces.ALL, List.of(), false);
        Pod pending = new PodBuilder(cart()).editStatus().withPodIP(null).withPhase("Pending").endStatus().build();
        cluster.create(pending);
        TargetGroup g = groups.await("pod/shop/cart-7d9f8b6c5-x2x7q", x -> true);
        assertThat(g.targets()).isEmpty();
        assertThat(g.labels()).isEmpty();

        cluster.update(new PodBuilder(cluster.pod("shop", "cart-7d9f8b6c5-x2x7q"))
                .editStatus().withPodIP("10.42.0.8").withPhase("Running").endStatus().build());
        assertThat(groups.await("pod/shop/cart-7d9f8b6c5-x2x7q", x -> !x.isEmpty()).targets()).hasSize(4);
    }

    @Test
    void namespacesRestrictWhichPodsAreDiscovered() {
        cluster.create(cart());
        cluster.create(MeshedPods.pod("other", "web-1", "10.42.1.1", "node-a", null, "web"));
        discover(new KubernetesSdConfig.Namespaces(List.of("other"), false), List.of(), false);

        groups.await("pod/other/web-1", x -> !x.isEmpty());
        cluster.create(MeshedPods.pod("other", "web-2", "10.42.1.2", "node-a", null, "web"));
        groups.await("pod/other/web-2", x -> !x.isEmpty());
        assertThat(groups.latest()).doesNotContainKey("pod/shop/cart-7d9f8b6c5-x2x7q");
        assertThat(cluster.requestPaths()).anyMatch(p -> p.startsWith("/api/v1/namespaces/other/pods"))
                .noneMatch(p -> p.startsWith("/api/v1/pods"));
    }

    @Test
    void labelSelectorIsAppliedByTheApiServer() {
        cluster.create(cart());
        cluster.create(MeshedPods.pod("shop", "ad-1", "10.42.0.8", "node-a", null, "ad"));
        discover(KubernetesSdConfig.Namespaces.ALL, List.of(new KubernetesSdConfig.Selector(Role.POD, "app=ad", "")), false);

        groups.await("pod/shop/ad-1", x -> !x.isEmpty());
        assertThat(decoded(cluster.requestPaths())).anyMatch(p -> p.contains("labelSelector=app=ad"));
        assertThat(groups.latest()).doesNotContainKey("pod/shop/cart-7d9f8b6c5-x2x7q");
    }

    @Test
    void nodeLocalFieldSelectorIsSentOnListAndWatch() {
        // The CRUD mock ignores field selectors, so assert what the informer asked for.
        discover(KubernetesSdConfig.Namespaces.ALL,
                List.of(new KubernetesSdConfig.Selector(Role.POD, "", "spec.nodeName=node-a")), false);
        long deadline = System.currentTimeMillis() + 10_000;
        List<String> paths = List.of();
        while (System.currentTimeMillis() < deadline) {
            paths = decoded(cluster.requestPaths());
            if (paths.stream().anyMatch(p -> p.contains("watch=true"))) {
                break;
            }
        }
        assertThat(paths).filteredOn(p -> p.startsWith("/api/v1/pods"))
                .isNotEmpty()
                .allMatch(p -> p.contains("fieldSelector=spec.nodeName=node-a"))
                .anyMatch(p -> p.contains("watch=true"));
    }

    @Test
    void attachMetadataNodeAddsNodeLabelsAndFollowsNodeChanges() {
        cluster.createNode("node-a", Map.of("topology.kubernetes.io/zone", "eu-1a"));
        cluster.create(cart());
        discover(KubernetesSdConfig.Namespaces.ALL, List.of(), true);

        TargetGroup g = groups.await("pod/shop/cart-7d9f8b6c5-x2x7q",
                x -> x.labels().containsKey("__meta_kubernetes_node_name"));
        assertThat(g.labels())
                .containsEntry("__meta_kubernetes_node_name", "node-a")
                .containsEntry("__meta_kubernetes_node_label_topology_kubernetes_io_zone", "eu-1a")
                .containsEntry("__meta_kubernetes_node_labelpresent_topology_kubernetes_io_zone", "true");

        var node = cluster.client().nodes().withName("node-a").get();
        node.getMetadata().getLabels().put("topology.kubernetes.io/zone", "eu-1b");
        cluster.update(node);
        groups.await("pod/shop/cart-7d9f8b6c5-x2x7q",
                x -> "eu-1b".equals(x.labels().get("__meta_kubernetes_node_label_topology_kubernetes_io_zone")));
    }

    private static List<String> decoded(List<String> paths) {
        return paths.stream().map(p -> URLDecoder.decode(p, StandardCharsets.UTF_8)).toList();
    }
}
