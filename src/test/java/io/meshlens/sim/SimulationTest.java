package io.meshlens.sim;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Kind;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.SpanBatch;
import io.meshlens.model.SpanStatus;
import io.meshlens.component.Receiver;
import io.meshlens.component.ReceiverFactory;
import io.meshlens.receiver.otlp.OtlpReceiverFactory;
import io.meshlens.receiver.otlp.OtlpReceiverConfig;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulationTest {
    @TempDir
    Path dir;
    private Simulation sim;
    private Receiver receiver;
    private final SimClock.Manual clock = SimClock.manual(ProxyMetricsTest.T0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() throws Exception {
        if (sim != null) {
            sim.close();
        }
        if (receiver != null) {
            receiver.shutdown();
        }
        http.close();
    }

    private SimOptions options() {
        return SimOptions.defaults(dir).withSeed(42).withClock(clock)
                .withFaults(List.of(Fault.parse("ad:grpc-unavailable:0.1")));
    }

    private HttpResponse<byte[]> get(String url, boolean gzip) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
        if (gzip) {
            b.header("Accept-Encoding", "gzip");
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void proxiesServeTheirPagesOnTheirOwnLoopbackAddress() throws Exception {
        sim = Simulation.start(options());
        clock.advance(Duration.ofMinutes(30));
        assertThat(sim.proxyAddresses()).hasSize(30).doesNotHaveDuplicates().allMatch(a -> a.startsWith("127.")
                && a.endsWith(":4191") && !a.startsWith("127.0.0.1:"));
        SimPod fe = sim.pods().stream().filter(p -> p.service().name().equals("frontend")).findFirst().orElseThrow();
        HttpResponse<byte[]> r = get("http://" + fe.adminAddress() + "/metrics", true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains("text/plain");
        assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
        String body = new String(new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
                StandardCharsets.UTF_8);
        assertThat(body).isEqualTo(new String(sim.render(fe), StandardCharsets.UTF_8))
                .contains("dst_service=\"ad\"").contains("grpc_status=\"14\"");
    }

    @Test
    void apiServerListsThe30PodsWithOwnersLabelsAndAWorkingKubeconfig() throws Exception {
        sim = Simulation.start(options());
        Config cfg = Config.fromKubeconfig(Files.readString(sim.kubeconfig()));
        try (KubernetesClient c = new KubernetesClientBuilder().withConfig(cfg).build()) {
            List<Pod> pods = c.pods().inAnyNamespace().list().getItems();
            assertThat(pods).hasSize(30);
            assertThat(pods.stream().map(p -> p.getMetadata().getNamespace()).distinct())
                    .containsExactlyInAnyOrder("otel-demo", "observability", "linkerd");
            Pod cart = pods.stream().filter(p -> p.getMetadata().getName().startsWith("cart-")).findFirst().orElseThrow();
            SimPod simCart = sim.pods().stream().filter(p -> p.name().equals(cart.getMetadata().getName()))
                    .findFirst().orElseThrow();
            assertThat(cart.getStatus().getPodIP()).isEqualTo(simCart.ip());
            assertThat(cart.getStatus().getPhase()).isEqualTo("Running");
            assertThat(cart.getMetadata().getOwnerReferences().get(0).getKind()).isEqualTo("ReplicaSet");
            assertThat(cart.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo(simCart.replicaSet());
            assertThat(cart.getMetadata().getLabels()).containsEntry("linkerd.io/proxy-deployment", "cart")
                    .containsEntry("linkerd.io/control-plane-ns", "linkerd")
                    .containsEntry("pod-template-hash", simCart.templateHash());
            assertThat(cart.getMetadata().getAnnotations()).containsKey("linkerd.io/proxy-version");
            assertThat(cart.getSpec().getContainers()).anySatisfy(ct -> {
                assertThat(ct.getName()).isEqualTo("linkerd-proxy");
                assertThat(ct.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
                        .containsExactly("linkerd-proxy:4143", "linkerd-admin:4191");
            });
            assertThat(cart.getSpec().getInitContainers().get(0).getName()).isEqualTo("linkerd-init");
            var rs = c.apps().replicaSets().inNamespace("otel-demo").withName(simCart.replicaSet()).get();
            assertThat(rs.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("cart");
            assertThat(c.apps().deployments().inNamespace("otel-demo").withName("cart").get()).isNotNull();
            assertThat(c.nodes().list().getItems()).hasSize(1);
        }
    }

    @Test
    void churnReplacesAPodInTheApiServerAndMovesItsProxyEndpoint() throws Exception {
        sim = Simulation.start(options());
        List<String> before = sim.proxyAddresses();
        List<String> namesBefore = sim.pods().stream().map(SimPod::name).toList();
        List<SimPod> changed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofMinutes(1));
            changed.addAll(sim.churnOnce());
        }
        SimPod old = changed.get(0);
        SimPod fresh = changed.get(1);
        assertThat(fresh.name()).isNotEqualTo(old.name());
        assertThat(fresh.service()).isEqualTo(old.service());
        List<String> names = sim.cluster().client().pods().inAnyNamespace().list().getItems().stream()
                .map(p -> p.getMetadata().getName()).toList();
        assertThat(names).hasSize(30).doesNotContainAnyElementsOf(changed.stream().filter(p -> !sim.pods().contains(p))
                .map(SimPod::name).toList()).isNotEqualTo(namesBefore);
        SimPod last = changed.get(changed.size() - 1);
        assertThat(get("http://" + last.adminAddress() + "/metrics", false).statusCode()).isEqualTo(200);
        if (!sim.proxyAddresses().contains(old.adminAddress())) {
            assertThatThrownBy(() -> get("http://" + old.adminAddress() + "/metrics", false))
                    .isInstanceOf(java.io.IOException.class);
        }
        assertThat(sim.proxyAddresses()).hasSize(30);
        assertThat(before).isNotNull();
    }

    @Test
    void appMetricsAndTheFailingGetAdsTraceReachAnOtlpReceiver() throws Exception {
        List<MetricBatch> metrics = new CopyOnWriteArrayList<>();
        List<SpanBatch> spans = new CopyOnWriteArrayList<>();
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        receiver = new OtlpReceiverFactory().create(new CreateSettings(new ComponentId("otlp", ""), Kind.RECEIVER, "",
                new Telemetry(), Logger.getLogger("test")), new OtlpReceiverConfig(
                new OtlpReceiverConfig.Grpc("127.0.0.1:0", 4),
                new OtlpReceiverConfig.Http("127.0.0.1:" + port, "/v1/metrics", "/v1/traces")),
                new ReceiverFactory.Consumers(metrics::add, spans::add));
        receiver.start(null);
        sim = Simulation.start(options().withOtlp("http://127.0.0.1:" + port, Duration.ofHours(1)));
        clock.advance(Duration.ofMinutes(10));
        sim.pushAppTelemetry();
        assertThat(metrics).hasSize(1);
        List<String> names = new ArrayList<>();
        metrics.get(0).resources().forEach(r -> r.scopes().forEach(s -> s.metrics().forEach(m -> names.add(m.name()))));
        assertThat(names).contains("app.cart.add_item.latency", "app.payment.transactions",
                "app.recommendations.counter", "app.frontend.requests", "app.ads.ad_requests");
        var getAds = spans.get(0).resources().stream().flatMap(r -> r.scopes().stream())
                .flatMap(s -> s.spans().stream()).filter(s -> s.name().equals("oteldemo.AdService/GetAds"))
                .findFirst().orElseThrow();
        assertThat(getAds.status()).isEqualTo(SpanStatus.ERROR);
        SimPod ad = sim.pods().stream().filter(p -> p.service().name().equals("ad")).findFirst().orElseThrow();
        assertThat(getAds.statusMessage()).startsWith("14 UNAVAILABLE: client 127.").endsWith("server: " + ad.ip() + ":4143.");
    }

    @Test
    void closeLeavesNoServerListening() throws Exception {
        sim = Simulation.start(options());
        String addr = sim.proxyAddresses().get(0);
        String api = sim.apiServerUrl();
        sim.close();
        sim = null;
        assertThatThrownBy(() -> get("http://" + addr + "/metrics", false)).isInstanceOf(java.io.IOException.class);
        assertThatThrownBy(() -> get(api + "/api/v1/pods", false)).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void faultOnAnUnknownOrWrongProtocolServiceIsRejected() {
        assertThatThrownBy(() -> Simulation.start(SimOptions.defaults(dir).withFaults(List.of(Fault.parse("nope:http-500:0.1")))))
                .hasMessageContaining("no such service");
        assertThatThrownBy(() -> Simulation.start(SimOptions.defaults(dir).withFaults(List.of(Fault.parse("email:grpc-unavailable:0.1")))))
                .hasMessageContaining("not gRPC");
    }
}
