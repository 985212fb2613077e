package io.meshlens.processor.k8sattributes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.meshlens.model.Attributes;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.SpanBatch;
import io.meshlens.testing.MeshedPods;
import io.meshlens.testing.MockCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static io.meshlens.processor.k8sattributes.K8sAttributesConfig.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class K8sAttributesProcessorTest {
    private static final String CART = "cart-7d9f8b6c5-x2x7q";
    private MockCluster cluster;
    private final List<K8sAttributesProcessor> processors = new ArrayList<>();
    private final List<MetricBatch> received = new ArrayList<>();
    private String cartUid;
    private String cartCreated;

    @BeforeEach
    void cluster() {
        cluster = MockCluster.start();
        cluster.createNamespace("shop", Map.of("team", "checkout"));
        cluster.client().namespaces().withName("shop").edit(n -> {
            n.getMetadata().setAnnotations(Map.of("owner", "payments@example.com"));
            return n;
        });
        cluster.createNode("node-a", Map.of("topology.kubernetes.io/zone", "eu-1a"));
        ReplicaSet rs = cluster.createReplicaSet("shop", "cart-7d9f8b6c5", "cart");
        Pod pod = cluster.create(MeshedPods.ownedBy(
                MeshedPods.pod("shop", CART, "10.42.0.7", "node-a", null, "cart"), rs));
        cartUid = pod.getMetadata().getUid();
        cartCreated = pod.getMetadata().getCreationTimestamp(); // set by the API server
    }

    @AfterEach
    void stop() throws Exception {
        for (K8sAttributesProcessor p : processors) {
            p.shutdown();
        }
        cluster.close();
    }

    private K8sAttributesProcessor start(List<AssociationRule> association, Extract extract, Filter filter,
                                         Duration deleteGrace) throws Exception {
        K8sAttributesConfig cfg = new K8sAttributesConfig("serviceAccount", "", false, filter, association, extract,
                DEFAULT_EXCLUDES, true, Duration.ofSeconds(10));
        K8sAttributesProcessor p = new K8sAttributesProcessor(cfg, cluster::newClient, Map.of("KUBE_NODE_NAME", "node-a"),
                received::add, null, deleteGrace, Duration.ofMillis(50));
        processors.add(p);
        p.start(null);
        awaitWatching(p);
        return p;
    }

    /** The mock server does not replay events a late watch missed, so tests change objects only once watching. */
    private static void awaitWatching(K8sAttributesProcessor p) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!p.isWatching() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(p.isWatching()).isTrue();
    }

    private K8sAttributesProcessor start(List<AssociationRule> association, Extract extract) throws Exception {
        return start(association, extract, Filter.NONE, Duration.ofSeconds(120));
    }

    private static Extract defaults() {
        return K8sAttributesConfig.defaults().extract();
    }

    private Attributes enrich(K8sAttributesProcessor p, Attributes resource) {
        MetricBatch batch = new MetricBatch();
        batch.addResource(resource);
        p.consumeMetrics(batch);
        return received.getLast().resources().get(0).resource();
    }

    private Attributes awaitEnriched(K8sAttributesProcessor p, Attributes resource, Predicate<Attributes> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Attributes last = null;
        while (System.nanoTime() < deadline) {
            last = enrich(p, resource);
            if (until.test(last)) {
                return last;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("never matched; last: " + last);
    }

    private static AssociationRule byAttribute(String... names) {
        return new AssociationRule(java.util.Arrays.stream(names).map(n -> new Source("resource_attribute", n)).toList());
    }

    @Test
    void podIpAttributeAssociatesByDefaultAndAddsTheDefaultMetadata() throws Exception {
        K8sAttributesProcessor p = start(List.of(), defaults());
        Attributes out = enrich(p, Attributes.of("k8s.pod.ip", "10.42.0.7", "k8s.container.name", "linkerd-proxy"));
        assertThat(out.asMap()).isEqualTo(Map.of(
                "k8s.pod.ip", "10.42.0.7",
                "k8s.container.name", "linkerd-proxy",
                "k8s.namespace.name", "shop",
                "k8s.pod.name", CART,
                "k8s.pod.uid", cartUid,
                "k8s.pod.start_time", cartCreated,
                "k8s.deployment.name", "cart",
                "k8s.node.name", "node-a",
                "container.image.name", "cr.l5d.io/linkerd/proxy",
                "container.image.tag", "edge-26.5.5"));
    }

    /** What the Prometheus receiver puts on a pod-SD target's resource (no connection, no k8s.pod.ip). */
    private Attributes scrapedResource() {
        return Attributes.of("service.name", "linkerd-mesh", "service.instance.id", "10.42.0.7:4191",
                "server.address", "10.42.0.7", "server.port", "4191", "net.host.name", "10.42.0.7",
                "url.scheme", "http", "k8s.pod.name", CART, "k8s.pod.uid", cartUid, "k8s.namespace.name", "shop",
                "k8s.container.name", "linkerd-proxy", "k8s.node.name", "node-a", "k8s.replicaset.name", "cart-7d9f8b6c5");
    }

    @Test
    void scrapedDataWithoutPodAssociationGetsNoPodMetadata() throws Exception {
        // The seed's pipeline: no pod_association. Nothing on the resource is one of the default
        // association's keys (k8s.pod.ip, ip, host.name), so the deployment is never added.
        K8sAttributesProcessor p = start(List.of(), defaults());
        assertThat(enrich(p, scrapedResource()).containsKey("k8s.deployment.name")).isFalse();
    }

    @Test
    void serverAddressIsNotAnAssociationKeyTheCollectorIndexesPodsBy() throws Exception {
        // Pods are indexed by k8s.pod.ip / host.name / connection for their IP; a rule on
        // server.address looks for a pod attribute of that name, which pods do not have.
        K8sAttributesProcessor p = start(List.of(byAttribute("server.address")), defaults());
        assertThat(enrich(p, scrapedResource()).containsKey("k8s.deployment.name")).isFalse();
    }

    @Test
    void scrapedDataAssociatesByPodUidOrByNameAndNamespace() throws Exception {
        K8sAttributesProcessor byUid = start(List.of(byAttribute("k8s.pod.uid")), defaults());
        assertThat(enrich(byUid, scrapedResource()).asMap())
                .containsEntry("k8s.deployment.name", "cart")
                .containsEntry("container.image.name", "cr.l5d.io/linkerd/proxy")
                .containsEntry("k8s.pod.start_time", cartCreated);

        K8sAttributesProcessor byName = start(List.of(byAttribute("k8s.pod.name", "k8s.namespace.name")), defaults());
        assertThat(enrich(byName, scrapedResource()).asMap()).containsEntry("k8s.deployment.name", "cart");
    }

    @Test
    void firstRuleWhoseSourcesAllResolveWins() throws Exception {
        K8sAttributesProcessor p = start(List.of(byAttribute("k8s.pod.ip", "missing.attr"), byAttribute("k8s.pod.uid")),
                defaults());
        assertThat(enrich(p, Attributes.of("k8s.pod.uid", cartUid)).getString("k8s.pod.name")).isEqualTo(CART);
        assertThat(enrich(p, Attributes.of("k8s.pod.ip", "10.42.0.7")).containsKey("k8s.pod.name")).isFalse();
    }

    @Test
    void existingNonEmptyAttributesAreNotOverwritten() throws Exception {
        K8sAttributesProcessor p = start(List.of(), defaults());
        Attributes out = enrich(p, Attributes.of("k8s.pod.ip", "10.42.0.7", "k8s.pod.name", "kept", "k8s.node.name", ""));
        assertThat(out.getString("k8s.pod.name")).isEqualTo("kept");
        assertThat(out.getString("k8s.node.name")).isEqualTo("node-a");
    }

    @Test
    void labelsAndAnnotationsAreExtractedFromPodNamespaceAndNode() throws Exception {
        Extract extract = new Extract(List.of("k8s.pod.name", "k8s.node.uid", "k8s.replicaset.name"),
                List.of(new FieldExtract("", "app", "", ""),
                        new FieldExtract("mesh.$1", "", "linkerd.io/(.*)", ""),
                        new FieldExtract("", "", "pod-template-.*", ""),
                        new FieldExtract("", "team", "", "namespace"),
                        new FieldExtract("zone", "topology.kubernetes.io/zone", "", "node")),
                List.of(new FieldExtract("", "linkerd.io/proxy-version", "", ""),
                        new FieldExtract("", "owner", "", "namespace")),
                false);
        K8sAttributesProcessor p = start(List.of(), extract);
        Attributes out = enrich(p, Attributes.of("k8s.pod.ip", "10.42.0.7"));
        String nodeUid = cluster.client().nodes().withName("node-a").get().getMetadata().getUid();
        assertThat(out.asMap()).isEqualTo(Map.ofEntries(
                Map.entry("k8s.pod.ip", "10.42.0.7"),
                Map.entry("k8s.pod.name", CART),
                Map.entry("k8s.replicaset.name", "cart-7d9f8b6c5"),
                Map.entry("k8s.pod.labels.app", "cart"),
                Map.entry("mesh.control-plane-ns", "linkerd"),
                Map.entry("mesh.proxy-deployment", "cart"),
                Map.entry("mesh.workload-ns", "shop"),
                Map.entry("k8s.pod.labels.pod-template-hash", "7d9f8b6c5"),
                Map.entry("k8s.pod.annotations.linkerd.io/proxy-version", "edge-26.5.5"),
                Map.entry("k8s.namespace.labels.team", "checkout"),
                Map.entry("k8s.namespace.annotations.owner", "payments@example.com"),
                Map.entry("zone", "eu-1a"),
                Map.entry("k8s.node.uid", nodeUid)));
    }

    @Test
    void ipReusedByANewPodResolvesToTheNewPodWhateverTheEventOrder() throws Exception {
        K8sAttributesProcessor p = start(List.of(), new Extract(List.of("k8s.pod.name"), List.of(), List.of(), false));
        Attributes res = Attributes.of("k8s.pod.ip", "10.42.0.7");
        assertThat(enrich(p, res).getString("k8s.pod.name")).isEqualTo(CART);

        // The old pod is deleted; a new pod gets its IP and started later.
        cluster.deletePod("shop", CART);
        cluster.create(new PodBuilder(MeshedPods.pod("shop", "cart-7d9f8b6c5-newpo", "10.42.0.7", "node-a", null, "cart"))
                .editStatus().withStartTime("2026-06-01T11:00:00Z").endStatus().build());
        awaitEnriched(p, res, a -> "cart-7d9f8b6c5-newpo".equals(a.getString("k8s.pod.name")));

        // A late event about an older pod with the same IP does not take it back.
        cluster.create(MeshedPods.pod("shop", "cart-old-straggler", "10.42.0.7", "node-a", null, "cart"));
        Thread.sleep(300);
        assertThat(enrich(p, res).getString("k8s.pod.name")).isEqualTo("cart-7d9f8b6c5-newpo");
    }

    @Test
    void deletedPodStaysResolvableForTheGracePeriodThenDisappears() throws Exception {
        K8sAttributesProcessor p = start(List.of(), new Extract(List.of("k8s.pod.name"), List.of(), List.of(), false),
                Filter.NONE, Duration.ofMillis(700));
        Attributes res = Attributes.of("k8s.pod.ip", "10.42.0.7");
        cluster.deletePod("shop", CART);
        Thread.sleep(200);
        assertThat(enrich(p, res).getString("k8s.pod.name")).isEqualTo(CART);
        awaitEnriched(p, res, a -> !a.containsKey("k8s.pod.name"));
    }

    @Test
    void resultsAreMemoizedPerResourceAndFollowPodChanges() throws Exception {
        K8sAttributesProcessor p = start(List.of(), new Extract(List.of("k8s.pod.name"),
                List.of(new FieldExtract("version", "version", "", "")), List.of(), false));
        Attributes res = Attributes.of("k8s.pod.ip", "10.42.0.7");
        Attributes first = enrich(p, res);
        assertThat(enrich(p, res)).isSameAs(first);

        cluster.client().pods().inNamespace("shop").withName(CART).edit(pod -> {
            pod.getMetadata().getLabels().put("version", "v2");
            return pod;
        });
        assertThat(awaitEnriched(p, res, a -> a.containsKey("version")).getString("version")).isEqualTo("v2");
    }

    /**
     * Any change in the cluster invalidates the memo; an unchanged result must still be the same
     * instance, or the remote-write encoder rebuilds every series label set of the target (its
     * cache is keyed by identity), ~6x the encoding cost, after every pod event in the cluster.
     */
    @Test
    void unrelatedClusterChangesKeepTheEnrichedResourceTheSameInstance() throws Exception {
        K8sAttributesProcessor p = start(List.of(byAttribute("k8s.pod.uid")), defaults());
        Attributes scraped = scrapedResource();
        Attributes first = enrich(p, scraped);
        assertThat(first.getString("k8s.deployment.name")).isEqualTo("cart");

        Pod other = cluster.create(MeshedPods.pod("shop", "other-1", "10.42.0.99", "node-a", null, "other"));
        awaitEnriched(p, Attributes.of("k8s.pod.uid", other.getMetadata().getUid()), a -> a.containsKey("k8s.pod.name"));
        Attributes again = enrich(p, scraped);
        assertThat(again).isEqualTo(first).isSameAs(first);
    }

    @Test
    void nodeFilterFromEnvVarWatchesOnlyThatNodesPods() throws Exception {
        start(List.of(), defaults(), new Filter("", "KUBE_NODE_NAME", "", List.of(), List.of()), Duration.ofSeconds(120));
        List<String> pods = cluster.requestPaths().stream().map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8))
                .filter(s -> s.startsWith("/api/v1/pods")).toList();
        assertThat(pods).isNotEmpty().allMatch(s -> s.contains("fieldSelector=spec.nodeName=node-a"));
    }

    @Test
    void passthroughNeverContactsTheApiServerAndForwardsDataUnchanged() throws Exception {
        AtomicInteger clientsMade = new AtomicInteger();
        K8sAttributesConfig cfg = new K8sAttributesConfig("serviceAccount", "", true, Filter.NONE, List.of(), defaults(),
                DEFAULT_EXCLUDES, false, Duration.ofSeconds(10));
        K8sAttributesProcessor p = new K8sAttributesProcessor(cfg, () -> {
            clientsMade.incrementAndGet();
            return cluster.newClient();
        }, Map.of(), received::add, null, Duration.ofSeconds(120), Duration.ofSeconds(30));
        processors.add(p);
        p.start(null);
        Attributes res = Attributes.of("k8s.pod.ip", "10.42.0.7");
        assertThat(enrich(p, res)).isSameAs(res);
        assertThat(clientsMade).hasValue(0);
    }

    @Test
    void tracesAreEnrichedToo() throws Exception {
        List<SpanBatch> spans = new ArrayList<>();
        K8sAttributesConfig cfg = new K8sAttributesConfig("serviceAccount", "", false, Filter.NONE, List.of(), defaults(),
                DEFAULT_EXCLUDES, true, Duration.ofSeconds(10));
        K8sAttributesProcessor p = new K8sAttributesProcessor(cfg, cluster::newClient, Map.of(), null, spans::add,
                Duration.ofSeconds(120), Duration.ofSeconds(30));
        processors.add(p);
        p.start(null);
        SpanBatch batch = new SpanBatch();
        batch.addResource(Attributes.of("k8s.pod.ip", "10.42.0.7"));
        p.consumeTraces(batch);
        assertThat(spans.getFirst().resources().getFirst().resource().getString("k8s.deployment.name")).isEqualTo("cart");
    }

    @Test
    void waitForMetadataFailsStartWhenTheApiServerIsUnreachable() {
        K8sAttributesConfig cfg = new K8sAttributesConfig("serviceAccount", "", false, Filter.NONE, List.of(),
                new Extract(List.of("k8s.pod.name"), List.of(), List.of(), false), DEFAULT_EXCLUDES, true, Duration.ofMillis(500));
        String url = cluster.url();
        cluster.close();
        K8sAttributesProcessor p = new K8sAttributesProcessor(cfg, () -> new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(new io.fabric8.kubernetes.client.ConfigBuilder().withMasterUrl(url)
                        .withRequestRetryBackoffLimit(0).build()).build(),
                Map.of(), received::add, null, Duration.ofSeconds(120), Duration.ofSeconds(30));
        processors.add(p);
        assertThatThrownBy(() -> p.start(null)).hasMessageContaining("failed to wait for caches to sync");
        cluster = MockCluster.start(); // for @AfterEach
    }

    @Test
    void factoryBuiltProcessorEnrichesAndCountsItems() throws Exception {
        var telemetry = new io.meshlens.telemetry.Telemetry();
        var factory = new K8sAttributesProcessorFactory(c -> cluster.newClient(), Map.of());
        K8sAttributesConfig cfg = new K8sAttributesConfig("serviceAccount", "", false, Filter.NONE, List.of(), defaults(),
                DEFAULT_EXCLUDES, true, Duration.ofSeconds(10));
        var settings = new io.meshlens.component.CreateSettings(io.meshlens.component.ComponentId.parse("k8sattributes"),
                io.meshlens.component.Kind.PROCESSOR, "metrics/mesh", telemetry, java.util.logging.Logger.getAnonymousLogger());
        var p = factory.createMetrics(settings, cfg, received::add);
        p.start(null);
        try {
            MetricBatch batch = new MetricBatch();
            var rm = batch.addResource(Attributes.of("k8s.pod.ip", "10.42.0.7"));
            var points = new io.meshlens.model.NumberPoints();
            points.addDouble(Attributes.EMPTY, 0, 1, 1.0, 0);
            points.addDouble(Attributes.of("direction", "inbound"), 0, 1, 2.0, 0);
            rm.addScope(io.meshlens.model.Scope.EMPTY).metrics()
                    .add(io.meshlens.model.Metric.gauge("tcp_open_connections", "", "", points));
            p.consumeMetrics(batch);
            assertThat(received.getLast().resources().get(0).resource().getString("k8s.deployment.name")).isEqualTo("cart");
            assertThat(telemetry.sum("otelcol_processor_incoming_items", Attributes.of("processor", "k8sattributes")))
                    .isEqualTo(2.0);
            assertThat(telemetry.sum("otelcol_processor_outgoing_items", Attributes.of("processor", "k8sattributes")))
                    .isEqualTo(2.0);
        } finally {
            p.shutdown();
        }
    }
}
