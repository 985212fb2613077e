package io.meshlens.sim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The seed's lab, running: the API server ({@link SimCluster}), one {@code linkerd-proxy} admin
 * endpoint per pod on {@code <pod-ip>:4191}, the app layer's OTLP pushes, and churn.
 *
 * <pre>{@code
 * try (Simulation sim = Simulation.start(SimOptions.defaults(dir).withFaults(List.of(Fault.parse("ad:grpc-unavailable:0.1"))))) {
 *     sim.kubeconfig();          // for kubernetes_sd_configs / k8sattributes
 *     sim.proxyAddresses();      // 127.1.0.x:4191 ...
 * }
 * }</pre>
 *
 * {@link #close()} stops everything it started: servers, scheduler, HTTP client.
 */
public final class Simulation implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Simulation.class.getName());

    private final SimOptions options;
    private final ShopModel shop;
    private final TrafficModel traffic;
    private final SimCluster cluster;
    private final AppTelemetry app;
    private final Map<SimPod, ProxyMetrics> pages = new ConcurrentHashMap<>();
    private final ServeStats stats = new ServeStats();
    private final AdminServer admin = new AdminServer(stats);
    private final ScheduledExecutorService scheduler;
    private final HttpClient http;

    private Simulation(SimOptions o) throws IOException {
        this.options = o;
        this.shop = new ShopModel(o.pods(), o.seed(), o.clock().millis());
        validate(o.faults(), shop);
        this.traffic = new TrafficModel(shop, o.faults());
        this.app = new AppTelemetry(traffic, o.seed());
        this.cluster = new SimCluster(shop, o.workDir());
        this.http = o.otlpEndpoint() == null ? null : HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "meshlens-sim");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the lab; on any failure, stops what had started and rethrows. */
    public static Simulation start(SimOptions o) throws IOException {
        Simulation sim = new Simulation(o);
        try {
            for (SimPod p : sim.shop.pods()) {
                sim.serve(p);
            }
            if (o.churnInterval() != null) {
                long ms = o.churnInterval().toMillis();
                sim.scheduler.scheduleAtFixedRate(sim::churnSafely, ms, ms, TimeUnit.MILLISECONDS);
            }
            if (o.otlpEndpoint() != null) {
                long ms = o.pushInterval().toMillis();
                sim.scheduler.scheduleAtFixedRate(sim::pushSafely, ms, ms, TimeUnit.MILLISECONDS);
            }
            return sim;
        } catch (IOException | RuntimeException e) {
            sim.close();
            throw e;
        }
    }

    static void validate(List<Fault> faults, ShopModel shop) {
        for (Fault f : faults) {
            ServiceDef s = shop.services().stream().filter(x -> x.name().equals(f.service())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--fault " + f.service() + ": no such service; "
                            + "known: " + shop.services().stream().map(ServiceDef::name).distinct().toList()));
            if (f.kind() == Fault.Kind.GRPC_UNAVAILABLE && s.protocol() != Protocol.GRPC) {
                throw new IllegalArgumentException("--fault " + f.service() + ":grpc-unavailable: " + f.service()
                        + " speaks " + s.protocol() + ", not gRPC; use http-5xx");
            }
            if (f.kind() != Fault.Kind.LATENCY && s.protocol() == Protocol.TCP) {
                throw new IllegalArgumentException("--fault " + f.service() + ": " + f.service()
                        + " is not HTTP to the proxy (opaque TCP); only latency faults apply");
            }
        }
    }

    private void serve(SimPod p) throws IOException {
        pages.put(p, new ProxyMetrics(p, traffic, options.serviceProfiles()));
        admin.bind(p.ip(), ShopModel.ADMIN_PORT, () -> pages.get(p).render(options.clock().millis()));
    }

    /**
     * Replaces one pod (chosen from the seed): the API server sees the delete and the create, the old
     * admin endpoint stops, the new one starts on the new (or reused) IP, and the peers' pages are
     * rebuilt so their outbound/inbound series follow.
     *
     * @return the old and the new pod
     */
    public synchronized List<SimPod> churnOnce() throws IOException {
        long now = options.clock().millis();
        SimPod old = shop.pickForChurn();
        boolean reuse = shop.nextBoolean();
        SimPod fresh = shop.replace(old, now, reuse);
        List<SimPod> touched = traffic.replaced(old, fresh, now);
        admin.unbind(old.ip(), ShopModel.ADMIN_PORT);
        pages.remove(old);
        cluster.replacePod(old, fresh);
        serve(fresh);
        for (SimPod p : touched) {
            if (pages.containsKey(p) && p != fresh) {
                pages.put(p, new ProxyMetrics(p, traffic, options.serviceProfiles()));
            }
        }
        return List.of(old, fresh);
    }

    private void churnSafely() {
        try {
            churnOnce();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "churn failed", e);
        }
    }

    private void pushSafely() {
        try {
            pushAppTelemetry();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "app telemetry push to " + options.otlpEndpoint() + " failed: " + e);
        }
    }

    /** Pushes the app metrics and one {@code user_get_ads} trace now (OTLP/HTTP protobuf). */
    public void pushAppTelemetry() throws IOException, InterruptedException {
        if (http == null) {
            throw new IllegalStateException("no OTLP endpoint configured");
        }
        long now = options.clock().millis();
        post("/v1/metrics", app.metrics(now).toByteArray());
        post("/v1/traces", app.trace(now).toByteArray());
    }

    private void post(String path, byte[] body) throws IOException, InterruptedException {
        String base = options.otlpEndpoint().endsWith("/")
                ? options.otlpEndpoint().substring(0, options.otlpEndpoint().length() - 1) : options.otlpEndpoint();
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-protobuf").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("POST " + base + path + ": HTTP " + r.statusCode());
        }
    }

    public String apiServerUrl() {
        return cluster.url();
    }

    public java.nio.file.Path kubeconfig() {
        return cluster.kubeconfig();
    }

    /** Pauses (503 to every scrape, nothing counted) or resumes all proxies. */
    public void setServing(boolean serving) {
        admin.setPaused(!serving);
    }

    /** What the proxies have served so far (scrapes, sample lines per name). */
    public ServeStats stats() {
        return stats;
    }

    public SimCluster cluster() {
        return cluster;
    }

    public List<SimPod> pods() {
        return shop.pods();
    }

    /** {@code ip:4191} of every proxy, in pod order. */
    public List<String> proxyAddresses() {
        List<String> out = new ArrayList<>();
        for (SimPod p : shop.pods()) {
            out.add(p.adminAddress());
        }
        return out;
    }

    /** Pod name → admin URL, for banners. */
    public Map<String, String> proxyUrls() {
        Map<String, String> out = new LinkedHashMap<>();
        for (SimPod p : shop.pods()) {
            out.put(p.namespace() + "/" + p.name(), "http://" + p.adminAddress() + "/metrics");
        }
        return out;
    }

    /** The page a proxy would serve now (what a scrape gets, before gzip). */
    public byte[] render(SimPod p) {
        ProxyMetrics m = pages.get(p);
        if (m == null) {
            throw new IllegalArgumentException("not a running pod: " + p.name());
        }
        return m.render(options.clock().millis());
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        admin.close();
        if (http != null) {
            http.close();
        }
        cluster.close();
    }
}
