package io.meshlens.demo;

import io.meshlens.backend.BackendProcess;
import io.meshlens.backend.PrometheusProcess;
import io.meshlens.backend.VictoriaMetricsProcess;
import io.meshlens.service.BuiltinComponents;
import io.meshlens.service.Logging;
import io.meshlens.service.Service;
import io.meshlens.service.ServiceRunner;
import io.meshlens.sim.Fault;
import io.meshlens.sim.SimOptions;
import io.meshlens.sim.Simulation;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code meshlens demo}: the seed's lab on one machine. Starts real VictoriaMetrics (mesh
 * backend) and Prometheus (app backend) as child processes, the simulated meshed shop (30 pods on
 * 127.x addresses, its Kubernetes API, app OTLP metrics and traces), and meshlens itself running
 * {@code examples/linkerd-mesh.yaml} unchanged plus {@code examples/demo-app.yaml} — endpoints
 * injected through {@code ${env:...}} and, when a default port is taken, {@code --set}.
 * Everything stops on Ctrl-C or after {@code --duration}; nothing is left running.
 */
public final class Demo implements AutoCloseable {
    /** Demo flags. {@code duration} null = until interrupted. */
    public record Options(int pods, long seed, List<String> faultSpecs, Duration churn, boolean relabelFilter,
                          Duration duration, Path workDir, Path home) {
        /** The parsed faults; throws IllegalArgumentException with the parser's message. */
        public List<Fault> faults() {
            return faultSpecs.stream().map(Fault::parse).toList();
        }
    }

    private final Options options;
    private final PrintStream out;
    private final List<AutoCloseable> started = new ArrayList<>();
    private VictoriaMetricsProcess vm;
    private PrometheusProcess prom;
    private Simulation sim;
    private Service service;
    private String meshviewUrl;
    private String telemetryAddress;

    public Demo(Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the demo until interrupted or {@code duration}; returns the exit code. */
    public static int run(Options o, PrintStream out, PrintStream err) {
        CountDownLatch stop = new CountDownLatch(1);
        Demo demo = new Demo(o, out);
        Thread hook = Thread.ofPlatform().name("demo-stop").unstarted(() -> {
            demo.close();
            stop.countDown();
        });
        try {
            demo.start();
        } catch (Exception e) {
            err.println("meshlens demo: cannot start: " + e.getMessage());
            demo.close();
            return 1;
        }
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            demo.reportWhenDataArrives();
            boolean done = o.duration() == null ? waitForever(stop)
                    : stop.await(o.duration().toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                demo.printSummary();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException exiting) {
            return 0; // the hook is stopping everything
        }
        demo.close();
        return 0;
    }

    private static boolean waitForever(CountDownLatch stop) throws InterruptedException {
        stop.await();
        return true;
    }

    /** Starts everything; on any failure stops what had started and rethrows (leaves nothing running). */
    void start() throws Exception {
        try {
            startAll();
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Path work = options.workDir();
        Files.createDirectories(work);
        out.println("meshlens demo: starting in " + work);

        vm = started(new VictoriaMetricsProcess(work.resolve("victoria-metrics")));
        vm.start();
        prom = started(new PrometheusProcess(work.resolve("prometheus")));
        prom.start();

        String otlpEndpoint = endpoint(4318);
        SimOptions so = SimOptions.defaults(work.resolve("cluster")).withPods(options.pods()).withSeed(options.seed())
                .withFaults(options.faults()).withOtlp("http://" + otlpEndpoint, Duration.ofSeconds(10));
        if (options.churn() != null) {
            so = so.withChurn(options.churn());
        }
        sim = started(Simulation.start(so));
        // The unchanged config discovers pods "in cluster"; fabric8 finds the simulated API server
        // through the kubeconfig property, as kubectl would through KUBECONFIG.
        System.setProperty("kubeconfig", sim.kubeconfig().toString());

        meshviewUrl = "http://" + endpoint(9464);
        telemetryAddress = endpoint(8888);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("MESHLENS_MESH_REMOTE_WRITE_URL", vm.writeUrl());
        env.put("MESHLENS_APP_REMOTE_WRITE_URL", prom.writeUrl());
        env.put("MESHLENS_MESH_QUERY_URL", vm.baseUrl());
        env.put("MESHLENS_APP_QUERY_URL", prom.baseUrl());
        env.put("MESHLENS_OTLP_HTTP_ENDPOINT", otlpEndpoint);
        env.put("MESHLENS_MESHVIEW_ENDPOINT", meshviewUrl.substring("http://".length()));
        List<String> sets = new ArrayList<>();
        sets.add("extensions::health_check::endpoint=" + endpoint(13133));
        sets.add("service::telemetry::metrics::address=" + telemetryAddress);

        Path mesh = options.home().resolve(options.relabelFilter() ? "examples/linkerd-mesh-relabel.yaml"
                : "examples/linkerd-mesh.yaml");
        Path app = options.home().resolve("examples/demo-app.yaml");
        ServiceRunner.Loaded loaded = ServiceRunner.load(List.of(mesh, app), sets, env, BuiltinComponents.create());
        if (!loaded.ok()) {
            throw new IOException("the demo config is invalid:\n" + loaded.errors().errors().stream()
                    .map(Object::toString).reduce((a, b) -> a + "\n" + b).orElse(""));
        }
        Logging.configure(loaded.config().telemetry().logsLevel());
        service = new Service(loaded.config());
        service.start();
        started.add(() -> service.shutdown(Duration.ofSeconds(10)));
        banner(mesh, app);
    }

    private void banner(Path mesh, Path app) {
        out.println();
        out.println("  meshlens demo is running — " + sim.pods().size() + " meshed pods, seed " + options.seed()
                + (options.faults().isEmpty() ? "" : ", faults: " + String.join(", ", options.faultSpecs())));
        out.println();
        out.println("  mesh view (both layers)      " + meshviewUrl);
        out.println("  mesh backend (VictoriaMetrics) " + vm.baseUrl() + "   e.g. " + vm.baseUrl()
                + "/vmui");
        out.println("  app backend (Prometheus)     " + prom.baseUrl());
        out.println("  meshlens targets             http://" + telemetryAddress + "/api/v1/targets");
        out.println("  meshlens own metrics         http://" + telemetryAddress + "/metrics");
        out.println("  simulated Kubernetes API     " + sim.apiServerUrl() + "   (kubeconfig: " + sim.kubeconfig()
                + ")");
        out.println("  pipeline config              " + mesh + " + " + app);
        out.println();
        out.println(options.duration() == null ? "  Ctrl-C stops everything."
                : "  Stops by itself after " + options.duration().toSeconds() + "s (Ctrl-C stops earlier).");
        out.println();
    }

    /** Prints what landed in the mesh backend once the first scrapes are in (in the background). */
    private void reportWhenDataArrives() {
        Thread.ofVirtual().name("demo-report").start(() -> {
            try {
                Thread.sleep(45_000);
                printSummary();
            } catch (InterruptedException ignored) {
                // demo stopped first
            } catch (RuntimeException e) {
                out.println("  (could not read the mesh backend yet: " + e.getMessage() + ")");
            }
        });
    }

    /** Metric names and series in the mesh backend. */
    void printSummary() {
        try {
            List<String> names = vm.metricNames();
            out.println("  mesh backend now holds " + names.size() + " metric names: " + String.join(", ", names));
            out.println("  series with layer=\"mesh\": " + count(vm, "count({layer=\"mesh\"})")
                    + ", of which response_latency_ms_bucket: "
                    + count(vm, "count(response_latency_ms_bucket{layer=\"mesh\"})"));
        } catch (IOException e) {
            out.println("  (mesh backend not readable: " + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String count(BackendProcess b, String promql) throws IOException, InterruptedException {
        var r = b.query(promql, System.currentTimeMillis() / 1000.0);
        return r.isEmpty() ? "0" : r.get(0).get("value").get(1).asText();
    }

    /** {@code 127.0.0.1:<preferred>} when free, else a free port: the demo must not fail on a busy default. */
    static String endpoint(int preferred) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", preferred));
            return "127.0.0.1:" + preferred;
        } catch (IOException busy) {
            return "127.0.0.1:" + BackendProcess.freePort();
        }
    }

    private <T extends AutoCloseable> T started(T t) {
        started.add(t);
        return t;
    }

    /** Stops everything that was started, last first. Idempotent. */
    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                out.println("meshlens demo: while stopping: " + e.getMessage());
            }
        }
        started.clear();
        System.clearProperty("kubeconfig");
    }

    // For tests.
    VictoriaMetricsProcess meshBackend() {
        return vm;
    }

    Simulation simulation() {
        return sim;
    }

    PrometheusProcess appBackend() {
        return prom;
    }

    String meshviewUrl() {
        return meshviewUrl;
    }

    String telemetryAddress() {
        return telemetryAddress;
    }
}
