package io.meshlens.sim;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The simulated cluster's API server: fabric8's mock server in CRUD mode on 127.0.0.1, holding the
 * model's Namespaces, Nodes, Deployments/DaemonSet, ReplicaSets and Pods, so unchanged
 * {@code kubernetes_sd_configs} and {@code k8sattributes} configs (list + watch) work against it
 * through the kubeconfig it writes.
 */
public final class SimCluster implements AutoCloseable {
    private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Path kubeconfig;
    private final Set<String> owners = new HashSet<>();
    private final Map<String, String> ownerUids = new HashMap<>();

    public SimCluster(ShopModel shop, Path dir) throws IOException {
        // The mock server logs every request at INFO; the simulated API is not the user's concern.
        QUIET.setLevel(java.util.logging.Level.WARNING);
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
        for (String ns : namespaces(shop)) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .addToAnnotations(ns.startsWith(ShopModel.SHOP_NS) || ns.equals(ShopModel.OBS_NS)
                            ? Map.of("linkerd.io/inject", "enabled") : Map.of())
                    .endMetadata().build()).create();
        }
        for (String node : shop.nodes()) {
            int i = shop.nodes().indexOf(node);
            client.resource(new NodeBuilder().withNewMetadata().withName(node)
                    .addToLabels("kubernetes.io/hostname", node).addToLabels("node-role.kubernetes.io/control-plane",
                            i == 0 ? "true" : "false").endMetadata()
                    .withNewStatus().addNewAddress().withType("InternalIP").withAddress("127.255.0." + (i % 250 + 1))
                    .endAddress().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                    .build()).create();
        }
        for (SimPod p : shop.pods()) {
            addPod(p);
        }
        Files.createDirectories(dir);
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: meshlens-sim
                  cluster:
                    server: %s
                contexts:
                - name: meshlens-sim
                  context:
                    cluster: meshlens-sim
                    user: meshlens-sim
                    namespace: default
                current-context: meshlens-sim
                users:
                - name: meshlens-sim
                  user:
                    token: meshlens-sim-token
                """.formatted(url()));
    }

    private static Set<String> namespaces(ShopModel shop) {
        Set<String> out = new java.util.LinkedHashSet<>();
        out.add("default");
        for (SimPod p : shop.pods()) {
            out.add(p.namespace());
        }
        return out;
    }

    /** API server base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        String u = server.url("/");
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    /** A client of the simulated cluster (closed with the cluster). */
    public KubernetesClient client() {
        return client;
    }

    synchronized void addPod(SimPod p) {
        ServiceDef s = p.service();
        String ns = p.namespace();
        Map<String, String> selector = Map.of("app.kubernetes.io/name", s.name());
        OwnerReference owner;
        if (s.isDaemonSet()) {
            String uid = ensureOwner("DaemonSet", ns, s.name(), () -> client.resource(new DaemonSetBuilder()
                    .withNewMetadata().withName(s.name()).withNamespace(ns).withUid(uid(ns, s.name())).endMetadata()
                    .withNewSpec().withNewSelector().withMatchLabels(selector).endSelector().endSpec().build()).create()
                    .getMetadata().getUid());
            owner = ref("apps/v1", "DaemonSet", s.name(), uid);
        } else {
            String depUid = ensureOwner("Deployment", ns, s.name(), () -> client.resource(new DeploymentBuilder()
                    .withNewMetadata().withName(s.name()).withNamespace(ns).withUid(uid(ns, s.name())).endMetadata()
                    .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(selector).endSelector().endSpec()
                    .build()).create().getMetadata().getUid());
            String rs = p.replicaSet();
            String rsUid = ensureOwner("ReplicaSet", ns, rs, () -> client.resource(new ReplicaSetBuilder()
                    .withNewMetadata().withName(rs).withNamespace(ns).withUid(uid(ns, rs))
                    .addToLabels("pod-template-hash", p.templateHash())
                    .withOwnerReferences(ref("apps/v1", "Deployment", s.name(), depUid)).endMetadata()
                    .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(selector).endSelector().endSpec()
                    .build()).create().getMetadata().getUid());
            owner = ref("apps/v1", "ReplicaSet", rs, rsUid);
        }
        client.resource(pod(p, owner)).create();
    }

    private String ensureOwner(String kind, String ns, String name, java.util.function.Supplier<String> create) {
        String key = kind + "/" + ns + "/" + name;
        if (owners.add(key)) {
            ownerUids.put(key, create.get());
        }
        return ownerUids.get(key);
    }

    private static String uid(String ns, String name) {
        return java.util.UUID.nameUUIDFromBytes((ns + "/" + name).getBytes()).toString();
    }

    private static OwnerReference ref(String api, String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion(api).withKind(kind).withName(name).withUid(uid)
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /**
     * The pod as Linkerd's proxy injector leaves it (classic sidecar: {@code linkerd-init} init
     * container + {@code linkerd-proxy} container; native sidecars are opt-in in 2.19).
     */
    static Pod pod(SimPod p, OwnerReference owner) {
        ServiceDef s = p.service();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", s.name());
        labels.put("app.kubernetes.io/component", s.name());
        labels.put("app.kubernetes.io/part-of", s.partOf());
        labels.put("opentelemetry.io/name", s.name());
        if (!s.isDaemonSet()) {
            labels.put("pod-template-hash", p.templateHash());
            labels.put("linkerd.io/proxy-deployment", s.name());
        } else {
            labels.put("controller-revision-hash", p.templateHash());
            labels.put("linkerd.io/proxy-daemonset", s.name());
        }
        labels.put("linkerd.io/control-plane-ns", ShopModel.LINKERD_NS);
        labels.put("linkerd.io/workload-ns", s.namespace());
        if (ShopModel.LINKERD_NS.equals(s.namespace())) {
            labels.put("linkerd.io/control-plane-component", s.name().substring("linkerd-".length()));
        }
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put("linkerd.io/inject", "enabled");
        ann.put("linkerd.io/created-by", "linkerd/proxy-injector " + ProxyMetrics.PROXY_VERSION);
        ann.put("linkerd.io/proxy-version", ProxyMetrics.PROXY_VERSION);
        ann.put("linkerd.io/trust-root-sha256", "4c5d2f8e1b6a9c3d7e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c3d");
        ann.put("linkerd.io/identity-mode", "default");
        ann.put("viz.linkerd.io/tap-enabled", "true");
        PodBuilder b = new PodBuilder().withNewMetadata().withName(p.name()).withNamespace(s.namespace())
                .withUid(p.uid()).withLabels(labels).withAnnotations(ann).withOwnerReferences(owner)
                .withCreationTimestamp(Instant.ofEpochMilli(p.startMillis()).toString()).endMetadata();
        var spec = b.withNewSpec().withNodeName(p.node()).withServiceAccountName(s.serviceAccount());
        spec.addNewInitContainer().withName("linkerd-init").withImage("cr.l5d.io/linkerd/proxy-init:v2.4.3")
                .withArgs("--incoming-proxy-port", "4143", "--outgoing-proxy-port", "4140", "--proxy-uid", "2102",
                        "--inbound-ports-to-ignore", "4190,4191,4567,4568", "--outbound-ports-to-ignore", "4567,4568")
                .endInitContainer();
        spec.addToContainers(new ContainerBuilder().withName("linkerd-proxy")
                .withImage("cr.l5d.io/linkerd/proxy:" + ProxyMetrics.PROXY_VERSION)
                .withPorts(new ContainerPortBuilder().withName("linkerd-proxy").withContainerPort(4143)
                        .withProtocol("TCP").build(),
                        new ContainerPortBuilder().withName("linkerd-admin").withContainerPort(4191)
                                .withProtocol("TCP").build()).build());
        for (String c : s.containers()) {
            ContainerBuilder cb = new ContainerBuilder().withName(c).withImage("ghcr.io/meshlens-sim/" + c + ":latest");
            if (s.hasService()) {
                cb.withPorts(new ContainerPortBuilder().withName("service").withContainerPort(s.port())
                        .withProtocol("TCP").build());
            }
            spec.addToContainers(cb.build());
        }
        b = spec.endSpec();
        var st = b.withNewStatus().withPhase("Running").withPodIP(p.ip()).addNewPodIP().withIp(p.ip()).endPodIP()
                .withHostIP(p.hostIp()).withStartTime(Instant.ofEpochMilli(p.startMillis()).toString());
        for (String cond : new String[] {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
            st.addNewCondition().withType(cond).withStatus("True").endCondition();
        }
        st.addNewInitContainerStatus().withName("linkerd-init").withReady(true).withNewState().withNewTerminated()
                .withExitCode(0).withReason("Completed").endTerminated().endState().endInitContainerStatus();
        st.addNewContainerStatus().withName("linkerd-proxy").withReady(true).withStarted(true).endContainerStatus();
        for (String c : s.containers()) {
            st.addNewContainerStatus().withName(c).withReady(true).withStarted(true).endContainerStatus();
        }
        return st.endStatus().build();
    }

    /** Churn: the old pod is deleted and its replacement created (a watch sees DELETED then ADDED). */
    synchronized void replacePod(SimPod old, SimPod fresh) {
        client.pods().inNamespace(old.namespace()).withName(old.name()).delete();
        addPod(fresh);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
