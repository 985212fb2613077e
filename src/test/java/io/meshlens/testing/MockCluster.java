package io.meshlens.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A simulated Kubernetes API server for tests: fabric8's mock server in CRUD mode (objects
 * created through it can be listed and watched, so informers work) on 127.0.0.1 and a free port.
 *
 * <pre>{@code
 * try (MockCluster cluster = MockCluster.start()) {
 *     cluster.create(MeshedPods.pod("shop", "cart-1", "10.1.0.7", "node-a"));
 *     var client = cluster.client();   // or cluster.url() for a config's api_server
 * }
 * }</pre>
 *
 * Field selectors are not evaluated in CRUD mode (a {@code spec.nodeName=} watch gets nothing);
 * assert what the client asked for with {@link #requestPaths()} instead.
 */
public final class MockCluster implements AutoCloseable {
    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final List<RecordedRequest> requests = new ArrayList<>();

    private MockCluster(KubernetesMockServer server) {
        this.server = server;
        this.client = server.createClient();
    }

    public static MockCluster start() {
        return start("127.0.0.1");
    }

    /** On a given loopback address (helpers running side by side each use their own 127.x range). */
    public static MockCluster start(String address) {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        try {
            server.init(InetAddress.getByName(address), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new MockCluster(server);
    }

    /** A client of this cluster (shared; closed by {@link #close()}). */
    public KubernetesClient client() {
        return client;
    }

    /** A new client of this cluster, for code that closes its client (e.g. a processor at shutdown). */
    public KubernetesClient newClient() {
        return server.createClient();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:40123}, for {@code api_server}. */
    public String url() {
        String u = server.url("/");
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    public <T extends HasMetadata> T create(T obj) {
        return client.resource(obj).create();
    }

    /** Replaces the stored object (spec and status) with {@code obj}; watchers see MODIFIED. */
    public <T extends HasMetadata> T update(T obj) {
        obj.getMetadata().setResourceVersion(null);
        return client.resource(obj).update();
    }

    public void deletePod(String namespace, String name) {
        client.pods().inNamespace(namespace).withName(name).delete();
    }

    public Pod pod(String namespace, String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    public Node createNode(String name, Map<String, String> labels) {
        return create(new NodeBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata()
                .withNewStatus().addNewAddress().withType("InternalIP").withAddress("192.168.0." + (Math.abs(name.hashCode()) % 250 + 1))
                .endAddress().withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(10250).endKubeletEndpoint()
                .endDaemonEndpoints().endStatus().build());
    }

    public Namespace createNamespace(String name, Map<String, String> labels) {
        return create(new NamespaceBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().build());
    }

    /**
     * A ReplicaSet owned by Deployment {@code deployment} (null: no owner). The API server assigns
     * UIDs, so point pods at the returned object ({@link MeshedPods#ownedBy}).
     */
    public ReplicaSet createReplicaSet(String namespace, String name, String deployment) {
        ReplicaSetBuilder b = new ReplicaSetBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .endMetadata();
        if (deployment != null) {
            b.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment")
                    .withName(deployment).withUid("uid-deploy-" + deployment).withController(true)
                    .endOwnerReference().endMetadata();
        }
        return create(b.build());
    }

    /**
     * Every request path (with query) the server has received so far, oldest first, e.g.
     * {@code /api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a&watch=true...}.
     */
    public List<String> requestPaths() {
        return requests().stream().map(RecordedRequest::getPath).toList();
    }

    /** Every request received so far (method, path, headers), oldest first. */
    public synchronized List<RecordedRequest> requests() {
        try {
            RecordedRequest r;
            while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
                requests.add(r);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
