package io.meshlens.k8s;

import io.meshlens.promhttp.HttpClientConfig;
import io.meshlens.testing.MeshedPods;
import io.meshlens.testing.MockCluster;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How the API server connection is chosen and authenticated (Prometheus's rules). */
class KubernetesClientsTest {
    @TempDir
    Path dir;
    private MockCluster cluster;
    private KubernetesDiscovery discovery;
    private final GroupCollector groups = new GroupCollector();

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        cluster.create(MeshedPods.pod("shop", "cart-1", "10.42.0.7", "node-a", null, "cart"));
    }

    @AfterEach
    void stop() {
        if (discovery != null) {
            discovery.stop();
        }
        cluster.close();
    }

    private void discover(KubernetesSdConfig cfg) {
        discovery = KubernetesDiscovery.create(cfg);
        discovery.start(groups);
        groups.await("pod/shop/cart-1", g -> !g.isEmpty());
    }

    /** The Authorization header of every request discovery sent (its User-Agent is "meshlens"). */
    private List<String> authorizationHeaders() {
        return discoveryRequests().stream().map(r -> r.getHeader("Authorization")).toList();
    }

    private List<RecordedRequest> discoveryRequests() {
        return cluster.requests().stream().filter(r -> "meshlens".equals(r.getHeader("User-Agent"))).toList();
    }

    @Test
    void apiServerWithBearerTokenFileSendsTheTokenReadFromTheFile() throws IOException {
        Path token = Files.writeString(dir.resolve("token"), "s3cr3t\n");
        discover(new KubernetesSdConfig(Role.POD, cluster.url(), null, KubernetesSdConfig.Namespaces.ALL, List.of(), false,
                new HttpClientConfig(HttpClientConfig.Tls.NONE, "", token.toString(), null, null,
                        "", true, true)));
        assertThat(authorizationHeaders()).isNotEmpty().allMatch("Bearer s3cr3t"::equals);
    }

    @Test
    void apiServerWithBasicAuthSendsBasicCredentials() {
        discover(new KubernetesSdConfig(Role.POD, cluster.url(), null, KubernetesSdConfig.Namespaces.ALL, List.of(), false,
                new HttpClientConfig(HttpClientConfig.Tls.NONE, "", "", null,
                        new HttpClientConfig.BasicAuth("prom", "pw", ""), "", true, true)));
        assertThat(authorizationHeaders()).isNotEmpty().allMatch(h -> h != null && h.startsWith("Basic "));
    }

    @Test
    void kubeconfigFileSelectsServerAndCredentials() throws IOException {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                - name: lab
                  cluster:
                    server: %s
                users:
                - name: scraper
                  user:
                    token: from-kubeconfig
                contexts:
                - name: lab
                  context: {cluster: lab, user: scraper}
                current-context: lab
                """.formatted(cluster.url()));
        discover(new KubernetesSdConfig(Role.POD, null, kubeconfig.toString(), KubernetesSdConfig.Namespaces.ALL,
                List.of(), false, HttpClientConfig.DEFAULT));
        assertThat(authorizationHeaders()).isNotEmpty().allMatch("Bearer from-kubeconfig"::equals);
    }
}
