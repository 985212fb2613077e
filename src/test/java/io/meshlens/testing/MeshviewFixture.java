package io.meshlens.testing;

import io.meshlens.testing.MeshviewBackends.Series;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small meshed shop as the backends store it after the seed's pipeline: 10 minutes of 15-second
 * samples ending now. Mesh series (for VictoriaMetrics) carry {@code layer="mesh"}, the sanitized
 * k8s resource labels and Linkerd's own labels; the app series (for Prometheus) is the OTel demo's
 * {@code app_cart_add_item_latency_seconds} histogram. Counters grow at fixed rates, so rates,
 * success rates and quantiles are known exactly:
 * <ul>
 *   <li>frontend → ad: 4 rps gRPC OK and 1 rps {@code status_code="200",grpc_status="14"} classified
 *       failure (the seed's hidden failure); ad inbound success 80%, 5 rps; latencies all in (5, 10] ms
 *       so p99 = 9.95 ms.</li>
 *   <li>frontend → cart: 10 rps OK; cart inbound latencies half in (10, 20], half in (40, 50] ms:
 *       p50 = 20 ms, p99 = 49.8 ms.</li>
 *   <li>frontend inbound (2 pods, no mTLS from the load generator): 2 rps per pod OK, plus 0.5 rps
 *       HTTP 500 on one pod: success 4/4.5.</li>
 *   <li>app: cart.add_item half in (5, 10] ms, half in (10, 25] ms: p99 = 24.7 ms, gap to mesh 25.1 ms.</li>
 * </ul>
 */
public final class MeshviewFixture {
    public static final String NS = "otel-demo";
    public static final double AD_P99 = 9.95;
    public static final double CART_P50 = 20;
    public static final double CART_P99 = 49.8;
    public static final double APP_P99 = 24.7;
    /** Milliseconds between samples. */
    public static final long STEP_MS = 15_000;

    private static final String[] LE_MS = {"1", "2", "3", "4", "5", "10", "20", "30", "40", "50", "100", "200", "300",
            "400", "500", "1000", "2000", "3000", "4000", "5000", "10000", "20000", "30000", "40000", "50000", "+Inf"};

    private final long endMs;
    private final long startMs;
    private final List<Series> mesh = new ArrayList<>();
    private final List<Series> app = new ArrayList<>();

    public MeshviewFixture(long endMs) {
        this.endMs = endMs;
        this.startMs = endMs - 10 * 60_000;
        build();
    }

    public List<Series> mesh() {
        return mesh;
    }

    public List<Series> app() {
        return app;
    }

    private void build() {
        String frontendA = "frontend-7d9c6b-abcde";
        String frontendB = "frontend-7d9c6b-fghij";
        String adPod = "ad-5f7d8c-xk2p9";
        String cartPod = "cart-6c9b4d-q8w2e";
        // ad inbound, from frontend over mTLS
        Map<String, String> adIn = inbound("ad", adPod, "10.42.0.217", "9555", identity("frontend"));
        counter(with(adIn, "status_code", "200", "classification", "success", "grpc_status", "0", "error", ""), 4);
        counter(with(adIn, "status_code", "200", "classification", "failure", "grpc_status", "14", "error", ""), 1);
        histogram(with(adIn, "status_code", "200"), 5, Map.of("5", 0.0, "10", 1.0));
        gauge(tcp(adIn), 3);
        // cart inbound
        Map<String, String> cartIn = inbound("cart", cartPod, "10.42.0.220", "7070", identity("frontend"));
        counter(with(cartIn, "status_code", "200", "classification", "success", "grpc_status", "0", "error", ""), 10);
        histogram(with(cartIn, "status_code", "200"), 10, Map.of("10", 0.0, "20", 0.5, "40", 0.5, "50", 1.0));
        gauge(tcp(cartIn), 2);
        // frontend inbound, plain HTTP from the load generator (no identity)
        for (String pod : List.of(frontendA, frontendB)) {
            Map<String, String> in = inbound("frontend", pod, pod.endsWith("abcde") ? "10.42.0.216" : "10.42.0.218",
                    "8080", null);
            counter(with(in, "status_code", "200", "classification", "success", "grpc_status", "", "error", ""), 2);
            if (pod.equals(frontendA)) {
                counter(with(in, "status_code", "500", "classification", "failure", "grpc_status", "", "error", ""), 0.5);
            }
            histogram(with(in, "status_code", "200"), 2, Map.of("20", 0.0, "30", 1.0));
            gauge(tcp(in), 4);
        }
        // frontend outbound → ad (the hidden failure) and → cart
        Map<String, String> toAd = outbound(frontendA, "ad", "ad-5f7d8c", adPod, "10.42.0.217:9555");
        counter(with(toAd, "status_code", "200", "classification", "success", "grpc_status", "0", "error", ""), 4);
        counter(with(toAd, "status_code", "200", "classification", "failure", "grpc_status", "14", "error", ""), 1);
        histogram(with(toAd, "status_code", "200"), 5, Map.of("5", 0.0, "10", 1.0));
        Map<String, String> toCart = outbound(frontendB, "cart", "cart-6c9b4d", cartPod, "10.42.0.220:7070");
        counter(with(toCart, "status_code", "200", "classification", "success", "grpc_status", "0", "error", ""), 10);
        histogram(with(toCart, "status_code", "200"), 10, Map.of("10", 0.0, "20", 0.5, "40", 0.5, "50", 1.0));
        // app layer: the cart service's own histogram, in seconds
        Map<String, String> appLabels = new LinkedHashMap<>(Map.of("__name__", "app_cart_add_item_latency_seconds_bucket",
                "job", "opentelemetry-demo/cart", "service_name", "cart", "instance", cartPod));
        double[] fractions = {0, 0.5, 1.0, 1.0, 1.0, 1.0};
        String[] le = {"0.005", "0.01", "0.025", "0.05", "0.1", "+Inf"};
        for (int i = 0; i < le.length; i++) {
            app.add(linear(with(appLabels, "le", le[i]), 10 * fractions[i]));
        }
    }

    private static String identity(String sa) {
        return sa + "." + NS + ".serviceaccount.identity.linkerd.cluster.local";
    }

    private static Map<String, String> resource(String deployment, String pod) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("layer", "mesh");
        m.put("job", "linkerd-mesh");
        m.put("instance", pod + ":4191");
        m.put("k8s_namespace_name", NS);
        m.put("k8s_deployment_name", deployment);
        m.put("k8s_pod_name", pod);
        m.put("k8s_node_name", "k3s-node-1");
        return m;
    }

    private static Map<String, String> inbound(String deployment, String pod, String ip, String port, String clientId) {
        Map<String, String> m = resource(deployment, pod);
        m.put("direction", "inbound");
        m.put("target_addr", ip + ":" + port);
        m.put("target_ip", ip);
        m.put("target_port", port);
        if (clientId != null) {
            m.put("tls", "true");
            m.put("client_id", clientId);
        } else {
            m.put("tls", "no_identity");
            m.put("no_tls_reason", "no_tls_from_remote");
        }
        m.put("srv_group", "");
        m.put("srv_kind", "default");
        m.put("srv_name", "all-unauthenticated");
        m.put("srv_port", port);
        m.put("route_kind", "default");
        m.put("route_name", "default");
        m.put("authz_kind", "default");
        m.put("authz_name", "all-unauthenticated");
        return m;
    }

    private static Map<String, String> outbound(String pod, String dst, String dstRs, String dstPod, String addr) {
        Map<String, String> m = resource("frontend", pod);
        m.put("direction", "outbound");
        m.put("authority", dst + "." + NS + ".svc.cluster.local:" + addr.split(":")[1]);
        m.put("target_addr", addr);
        m.put("target_ip", addr.split(":")[0]);
        m.put("target_port", addr.split(":")[1]);
        m.put("tls", "true");
        m.put("server_id", identity(dst));
        m.put("dst_control_plane_ns", "linkerd");
        m.put("dst_deployment", dst);
        m.put("dst_namespace", NS);
        m.put("dst_pod", dstPod);
        m.put("dst_pod_template_hash", dstRs.substring(dstRs.lastIndexOf('-') + 1));
        m.put("dst_service", dst);
        m.put("dst_serviceaccount", dst);
        m.put("dst_zone", "");
        m.put("dst_zone_locality", "unknown");
        return m;
    }

    private static Map<String, String> tcp(Map<String, String> endpoint) {
        Map<String, String> m = new LinkedHashMap<>(endpoint);
        m.put("__name__", "tcp_open_connections");
        m.put("peer", "src");
        return m;
    }

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new LinkedHashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private void counter(Map<String, String> labels, double perSecond) {
        mesh.add(linear(with(labels, "__name__", "response_total"), perSecond));
    }

    /** A response_latency_ms histogram at {@code perSecond}; {@code cumulative} maps some le to the fraction at or below it. */
    private void histogram(Map<String, String> labels, double perSecond, Map<String, Double> cumulative) {
        double fraction = 0;
        for (String le : LE_MS) {
            if (cumulative.containsKey(le)) {
                fraction = cumulative.get(le);
            }
            double f = le.equals("+Inf") ? 1.0 : fraction;
            mesh.add(linear(with(labels, "__name__", "response_latency_ms_bucket", "le", le), perSecond * f));
        }
        mesh.add(linear(with(labels, "__name__", "response_latency_ms_count"), perSecond));
        mesh.add(linear(with(labels, "__name__", "response_latency_ms_sum"), perSecond * 10));
    }

    private void gauge(Map<String, String> labels, double value) {
        Series s = new Series(labels);
        for (long t = startMs; t <= endMs; t += STEP_MS) {
            s.add(t, value);
        }
        mesh.add(s);
    }

    private Series linear(Map<String, String> labels, double perSecond) {
        Series s = new Series(labels);
        for (long t = startMs; t <= endMs; t += STEP_MS) {
            s.add(t, 1000 + perSecond * (t - startMs) / 1000.0);
        }
        return s;
    }
}
