package io.meshlens.k8s;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.meshlens.discovery.TargetGroup;
import io.meshlens.testing.MeshedPods;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Target groups of the non-pod roles, built from objects as the informer caches hold them. */
class RoleTargetsTest {
    private static final String K = "__meta_kubernetes_";

    private static final Service CART_SVC = new ServiceBuilder()
            .withNewMetadata().withNamespace("shop").withName("cart").addToLabels("app", "cart")
            .addToAnnotations("prometheus.io/scrape", "true").endMetadata()
            .withNewSpec().withType("ClusterIP").withClusterIP("10.96.0.12")
            .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().endSpec().build();

    private static final Pod CART_POD = new PodBuilder(
            MeshedPods.pod("shop", "cart-1", "10.42.0.7", "node-a", "cart-7d9f8b6c5", "cart"))
            .editMetadata().withUid("uid-cart-1").endMetadata().build();

    private static ObjectLookup lookup(Map<String, String> nodeLabels) {
        return new ObjectLookup() {
            @Override
            public Service service(String namespace, String name) {
                return namespace.equals("shop") && name.equals("cart") ? CART_SVC : null;
            }

            @Override
            public Pod pod(String namespace, String name) {
                return namespace.equals("shop") && name.equals("cart-1") ? CART_POD : null;
            }

            @Override
            public Map<String, String> nodeLabels(String nodeName) {
                return nodeLabels;
            }
        };
    }

    @Test
    void nodeTargetIsTheKubeletOnThePreferredAddress() {
        Node node = new NodeBuilder().withNewMetadata().withName("node-a").addToLabels("kubernetes.io/os", "linux")
                .addToAnnotations("node.alpha/ttl", "0").endMetadata()
                .withNewSpec().withProviderID("k3s://node-a").endSpec()
                .withNewStatus()
                .addNewAddress().withType("Hostname").withAddress("node-a").endAddress()
                .addNewAddress().withType("InternalIP").withAddress("192.168.0.10").endAddress()
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint().endDaemonEndpoints()
                .endStatus().build();
        TargetGroup g = NodeTargets.build(node);
        assertThat(g.source()).isEqualTo("node/node-a");
        assertThat(g.labels()).isEqualTo(Map.of(
                K + "node_name", "node-a",
                K + "node_provider_id", "k3s://node-a",
                K + "node_label_kubernetes_io_os", "linux",
                K + "node_labelpresent_kubernetes_io_os", "true",
                K + "node_annotation_node_alpha_ttl", "0",
                K + "node_annotationpresent_node_alpha_ttl", "true"));
        assertThat(g.targets()).containsExactly(Map.of(
                "__address__", "192.168.0.10:10250",
                "instance", "node-a",
                K + "node_address_InternalIP", "192.168.0.10",
                K + "node_address_Hostname", "node-a"));
    }

    @Test
    void nodeWithoutAddressYieldsNoGroup() {
        assertThat(NodeTargets.build(new NodeBuilder().withNewMetadata().withName("n").endMetadata().build())).isNull();
    }

    @Test
    void serviceTargetPerPortAtItsDnsName() {
        TargetGroup g = ServiceTargets.build(CART_SVC);
        assertThat(g.source()).isEqualTo("svc/shop/cart");
        assertThat(g.labels()).containsEntry(K + "service_name", "cart").containsEntry(K + "namespace", "shop")
                .containsEntry(K + "service_label_app", "cart")
                .containsEntry(K + "service_annotation_prometheus_io_scrape", "true")
                .containsEntry(K + "service_annotationpresent_prometheus_io_scrape", "true");
        assertThat(g.targets()).containsExactly(Map.of(
                "__address__", "cart.shop.svc:8080",
                K + "service_port_name", "http",
                K + "service_port_number", "8080",
                K + "service_port_protocol", "TCP",
                K + "service_type", "ClusterIP",
                K + "service_cluster_ip", "10.96.0.12"));
    }

    @Test
    void endpointsJoinServiceAndPodAndAddUncoveredContainerPorts() {
        var eps = new EndpointsBuilder().withNewMetadata().withNamespace("shop").withName("cart").endMetadata()
                .addNewSubset()
                .addNewAddress().withIp("10.42.0.7").withNodeName("node-a")
                .withNewTargetRef().withKind("Pod").withNamespace("shop").withName("cart-1").endTargetRef().endAddress()
                .addNewNotReadyAddress().withIp("10.42.0.50").endNotReadyAddress()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort()
                .endSubset().build();
        TargetGroup g = EndpointsTargets.build(eps, lookup(null));
        assertThat(g.source()).isEqualTo("endpoints/shop/cart");
        assertThat(g.labels()).containsEntry(K + "endpoints_name", "cart").containsEntry(K + "service_name", "cart");
        assertThat(g.targets()).extracting(t -> t.get("__address__"))
                .containsExactly("10.42.0.7:8080", "10.42.0.50:8080", "10.42.0.7:4143", "10.42.0.7:4191");
        Map<String, String> ready = g.targets().get(0);
        assertThat(ready).containsEntry(K + "endpoint_ready", "true")
                .containsEntry(K + "endpoint_port_name", "http")
                .containsEntry(K + "endpoint_node_name", "node-a")
                .containsEntry(K + "endpoint_address_target_kind", "Pod")
                .containsEntry(K + "endpoint_address_target_name", "cart-1")
                .containsEntry(K + "pod_name", "cart-1")
                .containsEntry(K + "pod_container_name", "cart")
                .containsEntry(K + "pod_container_port_name", "service")
                .containsEntry(K + "pod_container_port_number", "8080");
        assertThat(g.targets().get(1)).containsEntry(K + "endpoint_ready", "false").doesNotContainKey(K + "pod_name");
        assertThat(g.targets().get(3)).containsEntry(K + "pod_container_name", "linkerd-proxy")
                .containsEntry(K + "pod_container_port_name", "linkerd-admin")
                .doesNotContainKey(K + "endpoint_ready");
    }

    @Test
    void endpointSliceLabelsConditionsAndAttachedNode() {
        var slice = new EndpointSliceBuilder().withNewMetadata().withNamespace("shop").withName("cart-abcde")
                .addToLabels("kubernetes.io/service-name", "cart").endMetadata()
                .withAddressType("IPv4")
                .addNewEndpoint().withAddresses("10.42.0.7").withNodeName("node-a").withHostname("cart-1")
                .withNewConditions().withReady(true).withServing(true).withTerminating(false).endConditions()
                .withNewTargetRef().withKind("Pod").withNamespace("shop").withName("cart-1").endTargetRef().endEndpoint()
                .addNewPort().withName("http").withPort(8080).withProtocol("TCP").withAppProtocol("http").endPort()
                .build();
        TargetGroup g = EndpointSliceTargets.build(slice, lookup(Map.of(K + "node_name", "node-a")));
        assertThat(g.source()).isEqualTo("endpointslice/shop/cart-abcde");
        assertThat(g.labels()).containsEntry(K + "endpointslice_name", "cart-abcde")
                .containsEntry(K + "endpointslice_address_type", "IPv4")
                .containsEntry(K + "service_name", "cart");
        assertThat(g.targets().get(0)).containsEntry("__address__", "10.42.0.7:8080")
                .containsEntry(K + "endpointslice_port", "8080")
                .containsEntry(K + "endpointslice_port_name", "http")
                .containsEntry(K + "endpointslice_port_protocol", "TCP")
                .containsEntry(K + "endpointslice_port_app_protocol", "http")
                .containsEntry(K + "endpointslice_endpoint_conditions_ready", "true")
                .containsEntry(K + "endpointslice_endpoint_conditions_serving", "true")
                .containsEntry(K + "endpointslice_endpoint_conditions_terminating", "false")
                .containsEntry(K + "endpointslice_endpoint_hostname", "cart-1")
                .containsEntry(K + "endpointslice_address_target_kind", "Pod")
                .containsEntry(K + "node_name", "node-a")
                .containsEntry(K + "pod_container_name", "cart");
        assertThat(g.targets()).hasSize(3);
    }

    @Test
    void labelNamesAreSanitizedAsPrometheusDoes() {
        assertThat(MetaLabels.sanitize("app.kubernetes.io/name")).isEqualTo("app_kubernetes_io_name");
        assertThat(MetaLabels.sanitize("a-b_c9")).isEqualTo("a_b_c9");
        assertThat(MetaLabels.joinHostPort("fd00::1", "4191")).isEqualTo("[fd00::1]:4191");
        assertThat(List.of(MetaLabels.sanitize("ok_Name1"))).containsExactly("ok_Name1");
    }
}
