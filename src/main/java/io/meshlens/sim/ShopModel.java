package io.meshlens.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The seed's lab as data: 25 OpenTelemetry Demo pods in {@code otel-demo}, the pipeline's own
 * collector (a DaemonSet, as in the seed) and VictoriaMetrics in {@code observability}, and Linkerd's
 * three control-plane pods in {@code linkerd} — 30 meshed pods. {@code pods > 30} adds more copies of
 * the shop in namespaces {@code otel-demo-2}, {@code otel-demo-3}, … (the last one partial), so the
 * series per pod stay what the seed saw while the total grows linearly.
 *
 * <p>Everything is derived from the seed: pod-template hashes, pod-name suffixes, the order in which
 * IPs are handed out. Churn ({@link #replace}) draws from the same random stream, so the same
 * sequence of replacements gives the same names.
 */
public final class ShopModel {
    public static final int ADMIN_PORT = 4191;
    public static final int INBOUND_PORT = 4143;
    public static final String SHOP_NS = "otel-demo";
    public static final String OBS_NS = "observability";
    public static final String LINKERD_NS = "linkerd";
    /** Pods per node; the Kubernetes default {@code maxPods}. */
    static final int PODS_PER_NODE = 110;
    static final String DEMO_SA = "opentelemetry-demo";

    private static final String HASH_CHARS = "bcdfghjklmnpqrstvwxz2456789";

    private final long seed;
    private final SplittableRandom random;
    private final List<ServiceDef> services = new ArrayList<>();
    private final List<SimPod> pods = new ArrayList<>();
    private final List<String> nodes = new ArrayList<>();
    private final Deque<String> freedIps = new ArrayDeque<>();
    private int nextIp = 1;

    /**
     * The OTel Demo (Helm chart 0.3x, demo 2.x) components: name, port, protocol. Shipping and
     * email speak HTTP; most backends gRPC; Kafka, Valkey and PostgreSQL are opaque TCP to the proxy.
     * The chart runs every component under one service account ({@value #DEMO_SA}), so inbound
     * {@code client_id} is the same for all demo callers.
     */
    private static final Object[][] SHOP = {
        {"accounting", 0, Protocol.TCP}, {"ad", 8080, Protocol.GRPC}, {"cart", 8080, Protocol.GRPC},
        {"checkout", 8080, Protocol.GRPC}, {"currency", 8080, Protocol.GRPC}, {"email", 8080, Protocol.HTTP},
        {"flagd", 8013, Protocol.GRPC}, {"fraud-detection", 0, Protocol.TCP}, {"frontend", 8080, Protocol.HTTP},
        {"frontend-proxy", 8080, Protocol.HTTP}, {"image-provider", 8081, Protocol.HTTP},
        {"kafka", 9092, Protocol.TCP}, {"load-generator", 8089, Protocol.HTTP}, {"payment", 8080, Protocol.GRPC},
        {"product-catalog", 8080, Protocol.GRPC}, {"quote", 8080, Protocol.HTTP},
        {"recommendation", 8080, Protocol.GRPC}, {"shipping", 8080, Protocol.HTTP},
        {"valkey-cart", 6379, Protocol.TCP}, {"otel-collector", 4317, Protocol.GRPC},
        {"jaeger", 4317, Protocol.GRPC}, {"prometheus", 9090, Protocol.HTTP}, {"grafana", 3000, Protocol.HTTP},
        {"opensearch", 9200, Protocol.HTTP}, {"postgresql", 5432, Protocol.TCP},
    };

    public ShopModel(int podCount, long seed, long startMillis) {
        if (podCount < 5) {
            throw new IllegalArgumentException("--pods must be at least 5 (the pipeline and Linkerd pods), got "
                    + podCount);
        }
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        addInfrastructure();
        int shopPods = podCount - 5;
        for (int copy = 1; shopPods > 0; copy++) {
            String ns = copy == 1 ? SHOP_NS : SHOP_NS + "-" + copy;
            for (int i = 0; i < SHOP.length && shopPods > 0; i++, shopPods--) {
                Object[] s = SHOP[i];
                services.add(new ServiceDef((String) s[0], ns, (Integer) s[1], (Protocol) s[2], "Deployment",
                        DEMO_SA, "opentelemetry-demo", List.of((String) s[0]), clusterIp(copy, i)));
            }
        }
        for (ServiceDef s : services) {
            pods.add(newPod(s, startMillis, null));
        }
    }

    private void addInfrastructure() {
        // The order decides the first IPs: Linkerd first (installed first in the lab), then the pipeline.
        services.add(new ServiceDef("linkerd-destination", LINKERD_NS, 8086, Protocol.GRPC, "Deployment",
                "linkerd-destination", "linkerd", List.of("destination", "sp-validator", "policy"), "10.43.0.20"));
        services.add(new ServiceDef("linkerd-identity", LINKERD_NS, 8080, Protocol.GRPC, "Deployment",
                "linkerd-identity", "linkerd", List.of("identity"), "10.43.0.21"));
        services.add(new ServiceDef("linkerd-proxy-injector", LINKERD_NS, 8443, Protocol.HTTP, "Deployment",
                "linkerd-proxy-injector", "linkerd", List.of("proxy-injector"), "10.43.0.22"));
        services.add(new ServiceDef("meshlens-collector", OBS_NS, 8888, Protocol.HTTP, "DaemonSet",
                "meshlens-collector", "meshlens", List.of("otel-collector"), "10.43.0.30"));
        services.add(new ServiceDef("victoria-metrics", OBS_NS, 8428, Protocol.HTTP, "Deployment",
                "victoria-metrics", "victoria-metrics", List.of("victoria-metrics"), "10.43.0.31"));
    }

    private static String clusterIp(int copy, int index) {
        return "10.43." + copy + "." + (10 + index);
    }

    private SimPod newPod(ServiceDef s, long startMillis, String reuseIp) {
        String hash = templateHash(s);
        String suffix = randomChars(5);
        String name = s.isDaemonSet() ? s.name() + "-" + suffix : s.name() + "-" + hash + "-" + suffix;
        String ip = reuseIp != null ? reuseIp : allocateIp();
        int nodeIndex = pods.size() / PODS_PER_NODE;
        while (nodes.size() <= nodeIndex) {
            nodes.add("k3s-node-" + (nodes.size() + 1));
        }
        String node = nodes.get(Math.min(nodeIndex, nodes.size() - 1));
        String hostIp = "127.255.0." + (nodes.indexOf(node) % 250 + 1);
        String uid = uuid();
        return new SimPod(s, name, hash, ip, node, hostIp, startMillis, uid);
    }

    private String allocateIp() {
        String free = freedIps.pollFirst();
        if (free != null) {
            return free;
        }
        while (true) {
            int i = nextIp++;
            int c = (i >> 8) & 255;
            int d = i & 255;
            if (d == 0 || d == 255) {
                continue; // network/broadcast-looking addresses would confuse readers, though loopback allows them
            }
            return "127." + (1 + (i >> 16)) + "." + c + "." + d;
        }
    }

    /** Pod-template hash of a Deployment: stable for a seed, like the hash of an unchanged template. */
    private String templateHash(ServiceDef s) {
        SplittableRandom r = new SplittableRandom(seed ^ (s.namespace() + "/" + s.name()).hashCode() * 0x9E3779B97F4A7C15L);
        StringBuilder b = new StringBuilder(10);
        for (int i = 0; i < 10; i++) {
            b.append(HASH_CHARS.charAt(r.nextInt(HASH_CHARS.length())));
        }
        return b.toString();
    }

    private String randomChars(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(HASH_CHARS.charAt(random.nextInt(HASH_CHARS.length())));
        }
        return b.toString();
    }

    private String uuid() {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    /**
     * Replaces a pod as a rollout or eviction would: same owner, new name, new start time; the IP is
     * either a fresh one or the old one handed out again (both happen in real clusters).
     */
    public synchronized SimPod replace(SimPod old, long nowMillis, boolean reuseIp) {
        int i = pods.indexOf(old);
        if (i < 0) {
            throw new IllegalArgumentException("not a current pod: " + old.name());
        }
        SimPod fresh = newPod(old.service(), nowMillis, reuseIp ? old.ip() : null);
        fresh = new SimPod(fresh.service(), fresh.name(), fresh.templateHash(), fresh.ip(), old.node(), old.hostIp(),
                nowMillis, fresh.uid());
        if (!reuseIp) {
            freedIps.addLast(old.ip());
        }
        pods.set(i, fresh);
        return fresh;
    }

    /** Picks a pod for churn deterministically (never the collector: it is the scraper). */
    public synchronized SimPod pickForChurn() {
        while (true) {
            SimPod p = pods.get(random.nextInt(pods.size()));
            if (!p.service().isDaemonSet() && !LINKERD_NS.equals(p.namespace())) {
                return p;
            }
        }
    }

    public synchronized boolean nextBoolean() {
        return random.nextBoolean();
    }

    public synchronized List<SimPod> pods() {
        return List.copyOf(pods);
    }

    public List<ServiceDef> services() {
        return Collections.unmodifiableList(services);
    }

    public synchronized List<String> nodes() {
        return List.copyOf(nodes);
    }

    public long seed() {
        return seed;
    }
}
