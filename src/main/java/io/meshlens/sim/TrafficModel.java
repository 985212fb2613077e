package io.meshlens.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OTel Demo's call graph with a rate and a latency per edge, turned into {@link Flow}s between
 * pods. Per-edge rates and medians are nudged by the seed (±20%), so two seeds give two shops that
 * differ in numbers but not in shape.
 *
 * <p>Besides the shop's own calls, every proxy is scraped on 4191 by the pipeline's collector
 * (every 30 s) and probed by the kubelet ({@code /live} and {@code /ready} every 10 s, from outside
 * the mesh), and the collector remote-writes to VictoriaMetrics. Calls to the Linkerd control plane
 * are not edges: the proxy reports them in the {@code control_*} families ({@link ProxyMetrics}).
 */
public final class TrafficModel {
    static final String KUBELET = null;
    static final String COLLECTOR = "meshlens-collector";

    /** The shop's calls, namespace-relative: caller, callee, port, protocol, rps, median ms. */
    static final List<Edge> SHOP_EDGES = List.of(
            Edge.http("load-generator", "frontend-proxy", 8080, 8, 25, new Edge.Status(304, 0.04),
                    new Edge.Status(404, 0.01)),
            Edge.http("frontend-proxy", "frontend", 8080, 7, 20, new Edge.Status(304, 0.05),
                    new Edge.Status(404, 0.01)),
            Edge.http("frontend-proxy", "image-provider", 8081, 1.5, 3, new Edge.Status(304, 0.2)),
            Edge.grpc("frontend", "ad", 8080, 1.2, 4),
            Edge.grpc("frontend", "cart", 8080, 1.5, 6),
            Edge.grpc("frontend", "checkout", 8080, 0.3, 60),
            Edge.grpc("frontend", "currency", 8080, 5, 1.5),
            Edge.grpc("frontend", "product-catalog", 8080, 4, 3),
            Edge.grpc("frontend", "recommendation", 8080, 1.2, 12),
            Edge.http("frontend", "shipping", 8080, 0.6, 8),
            Edge.grpc("checkout", "cart", 8080, 0.6, 5),
            Edge.grpc("checkout", "currency", 8080, 0.9, 1.5),
            Edge.http("checkout", "email", 8080, 0.3, 15),
            Edge.grpc("checkout", "payment", 8080, 0.3, 5),
            Edge.grpc("checkout", "product-catalog", 8080, 0.9, 3),
            Edge.http("checkout", "shipping", 8080, 0.6, 8),
            Edge.tcp("checkout", "kafka", 9092, 0.3),
            Edge.http("shipping", "quote", 8080, 0.9, 4),
            Edge.grpc("recommendation", "product-catalog", 8080, 1.2, 3),
            Edge.tcp("cart", "valkey-cart", 6379, 3),
            Edge.tcp("accounting", "kafka", 9092, 0.3),
            Edge.tcp("fraud-detection", "kafka", 9092, 0.3),
            Edge.tcp("accounting", "postgresql", 5432, 0.3),
            // Feature flags: OpenFeature clients evaluate through flagd's gRPC API.
            Edge.grpc("ad", "flagd", 8013, 1.2, 1),
            Edge.grpc("cart", "flagd", 8013, 2, 1),
            Edge.grpc("checkout", "flagd", 8013, 0.6, 1),
            Edge.grpc("frontend", "flagd", 8013, 1, 1),
            Edge.grpc("payment", "flagd", 8013, 0.6, 1),
            Edge.grpc("product-catalog", "flagd", 8013, 6, 1),
            Edge.grpc("recommendation", "flagd", 8013, 1.2, 1),
            Edge.grpc("fraud-detection", "flagd", 8013, 0.3, 1),
            Edge.grpc("load-generator", "flagd", 8013, 0.2, 1),
            // Telemetry: OTLP/gRPC to the demo's own collector; the PHP, Ruby and browser paths use OTLP/HTTP.
            otlp("ad"), otlp("cart"), otlp("checkout"), otlp("currency"), otlp("frontend"), otlp("payment"),
            otlp("product-catalog"), otlp("recommendation"), otlp("shipping"), otlp("accounting"),
            otlp("fraud-detection"), otlp("frontend-proxy"), otlp("load-generator"), otlp("image-provider"),
            otlp("flagd"), otlp("kafka"),
            Edge.http("email", "otel-collector", 4318, 0.2, 2).withOkStatus(200),
            Edge.http("quote", "otel-collector", 4318, 0.2, 2),
            Edge.http("frontend-proxy", "otel-collector", 4318, 0.3, 2),
            Edge.grpc("otel-collector", "jaeger", 4317, 0.5, 3),
            Edge.http("otel-collector", "prometheus", 9090, 0.1, 6).withOkStatus(204),
            Edge.http("otel-collector", "opensearch", 9200, 0.2, 10),
            Edge.http("prometheus", "otel-collector", 9464, 0.2, 5),
            Edge.http("grafana", "prometheus", 9090, 0.1, 8),
            Edge.http("grafana", "jaeger", 16686, 0.05, 12),
            // Kubelet probes on app ports go through the inbound proxy, from outside the mesh.
            probe("otel-collector", 13133), probe("jaeger", 14269), probe("grafana", 3000),
            probe("prometheus", 9090), probe("flagd", 8014));

    /** The pipeline's own traffic and the probes on the control plane and observability pods. */
    static final List<Edge> INFRA_EDGES = List.of(
            Edge.http(COLLECTOR, "victoria-metrics", 8428, 0.2, 4).withOkStatus(204),
            probe(COLLECTOR, 13133), probe("victoria-metrics", 8428),
            probe("linkerd-destination", 9996), probe("linkerd-destination", 9990),
            probe("linkerd-identity", 9990), probe("linkerd-proxy-injector", 9995));

    /** The pipeline's scrape of every proxy (30 s interval). */
    static final Edge SCRAPE = Edge.http(COLLECTOR, "*", ShopModel.ADMIN_PORT, 1 / 30.0, 3);
    /** The kubelet's liveness and readiness probes of every proxy. */
    static final Edge PROXY_PROBE = probe("*", ShopModel.ADMIN_PORT);

    private static Edge otlp(String from) {
        return Edge.grpc(from, "otel-collector", 4317, 0.4, 2);
    }

    private static Edge probe(String to, int port) {
        return new Edge(KUBELET, to, port, Protocol.HTTP, 0.2, 1, 200, List.of(), 120, 60);
    }

    private final ShopModel shop;
    private final Map<String, List<Fault>> faults;
    private final Map<SimPod, List<Flow>> outbound = new ConcurrentHashMap<>();
    private final Map<SimPod, List<Flow>> inbound = new ConcurrentHashMap<>();
    private final List<Flow> flows = new ArrayList<>();

    public TrafficModel(ShopModel shop, List<Fault> faults) {
        this.shop = shop;
        Map<String, List<Fault>> byService = new HashMap<>();
        for (Fault f : faults) {
            byService.computeIfAbsent(f.service(), k -> new ArrayList<>()).add(f);
        }
        this.faults = byService;
        for (SimPod p : shop.pods()) {
            outbound.put(p, new ArrayList<>());
            inbound.put(p, new ArrayList<>());
        }
        for (SimPod p : shop.pods()) {
            addFlowsOf(p, shop.pods(), false);
        }
    }

    /** Adds every flow in which {@code p} is the callee and, if asked, the flows it starts as a caller. */
    private void addFlowsOf(SimPod p, List<SimPod> all, boolean asCallerToo) {
        for (SimPod other : all) {
            for (Edge e : edgesBetween(other, p)) {
                add(e, other, p);
            }
            if (asCallerToo && other != p) {
                for (Edge e : edgesBetween(p, other)) {
                    add(e, p, other);
                }
            }
        }
        for (Edge e : externalEdgesTo(p)) {
            add(e, null, p);
        }
    }

    private List<Edge> edgesBetween(SimPod caller, SimPod callee) {
        List<Edge> out = new ArrayList<>(2);
        String cs = caller.service().name();
        String ts = callee.service().name();
        if (cs.equals(COLLECTOR)) {
            out.add(SCRAPE);
        }
        boolean sameShop = caller.namespace().equals(callee.namespace());
        for (Edge e : sameShop ? SHOP_EDGES : List.<Edge>of()) {
            if (cs.equals(e.from()) && ts.equals(e.to())) {
                out.add(e);
            }
        }
        for (Edge e : INFRA_EDGES) {
            if (cs.equals(e.from()) && ts.equals(e.to())) {
                out.add(e);
            }
        }
        return out;
    }

    private List<Edge> externalEdgesTo(SimPod callee) {
        List<Edge> out = new ArrayList<>();
        out.add(PROXY_PROBE);
        String ts = callee.service().name();
        for (List<Edge> list : List.of(SHOP_EDGES, INFRA_EDGES)) {
            for (Edge e : list) {
                if (e.external() && ts.equals(e.to())) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    private void add(Edge e, SimPod caller, SimPod callee) {
        List<Fault> fs = faults.getOrDefault(callee.service().name(), List.of());
        if (e.port() == ShopModel.ADMIN_PORT) {
            fs = List.of(); // faults act on the app, not on the proxy's admin server
        }
        SplittableRandom r = new SplittableRandom(shop.seed() ^ ((long) e.hashCode() << 1)
                ^ (caller == null ? 7 : caller.service().name().hashCode()) * 31L ^ callee.name().hashCode());
        double rateNudge = 0.8 + 0.4 * r.nextDouble();
        double latencyNudge = 0.8 + 0.4 * r.nextDouble();
        double phase = r.nextDouble();
        double added = 0;
        for (Fault f : fs) {
            added += f.addedLatencyMs();
        }
        LatencyShape shape = new LatencyShape(e.medianMs() * latencyNudge, 0.6, 0).shifted(added);
        double rps = e.rps() * rateNudge / replicasOf(callee);
        Flow f = new Flow(e, caller, callee, Outcome.of(e, fs), shape, rps, phase);
        synchronized (flows) {
            flows.add(f);
        }
        if (caller != null) {
            outbound.computeIfAbsent(caller, k -> new ArrayList<>()).add(f);
        }
        inbound.computeIfAbsent(callee, k -> new ArrayList<>()).add(f);
    }

    /** Replicas of the callee's workload in its namespace: one caller pod spreads its calls over them. */
    private int replicasOf(SimPod callee) {
        int n = 0;
        for (SimPod p : shop.pods()) {
            if (p.service() == callee.service()) {
                n++;
            }
        }
        return Math.max(1, n);
    }

    /**
     * Churn: the old pod's flows end now (their counters freeze on the surviving side, as the real
     * proxy keeps idle series until they expire), the new pod's flows start now.
     *
     * @return every pod whose proxy output changed (the new pod and its peers)
     */
    public synchronized List<SimPod> replaced(SimPod old, SimPod fresh, long now) {
        List<SimPod> touched = new ArrayList<>();
        touched.add(fresh);
        for (Flow f : List.copyOf(outbound.getOrDefault(old, List.of()))) {
            f.end = now;
            touched.add(f.callee);
        }
        for (Flow f : List.copyOf(inbound.getOrDefault(old, List.of()))) {
            f.end = now;
            if (f.caller != null) {
                touched.add(f.caller);
            }
        }
        outbound.remove(old);
        inbound.remove(old);
        outbound.put(fresh, new ArrayList<>());
        inbound.put(fresh, new ArrayList<>());
        addFlowsOf(fresh, shop.pods(), true);
        pruneExpired(now);
        return touched;
    }

    /** Forgets flows whose series the proxies have dropped (idle longer than the retention). */
    private void pruneExpired(long now) {
        for (Map<SimPod, List<Flow>> m : List.of(outbound, inbound)) {
            for (List<Flow> l : m.values()) {
                l.removeIf(f -> f.end != Long.MAX_VALUE && now - f.end > ProxyMetrics.RETAIN_IDLE_MS);
            }
        }
        synchronized (flows) {
            flows.removeIf(f -> f.end != Long.MAX_VALUE && now - f.end > ProxyMetrics.RETAIN_IDLE_MS);
        }
    }

    /** Flows this pod's proxy sees on its outbound side (it is the caller). */
    public synchronized List<Flow> outbound(SimPod p) {
        return List.copyOf(outbound.getOrDefault(p, List.of()));
    }

    /** Flows this pod's proxy sees on its inbound side (it is the callee). */
    public synchronized List<Flow> inbound(SimPod p) {
        return List.copyOf(inbound.getOrDefault(p, List.of()));
    }

    public ShopModel shop() {
        return shop;
    }

    /** All flows of an edge between two services (both namespace-local names), for the app layer. */
    List<Flow> flows(String from, String to) {
        List<Flow> out = new ArrayList<>();
        synchronized (flows) {
            for (Flow f : flows) {
                if (f.caller != null && f.caller.service().name().equals(from) && f.callee.service().name().equals(to)
                        && f.edge.port() != ShopModel.ADMIN_PORT) {
                    out.add(f);
                }
            }
        }
        return out;
    }
}
