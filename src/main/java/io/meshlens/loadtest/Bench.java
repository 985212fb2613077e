package io.meshlens.loadtest;

import io.meshlens.backend.BackendProcess;
import io.meshlens.backend.VictoriaMetricsProcess;
import io.meshlens.sim.ServeStats;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code meshlens bench}: the simulator in its own process, one VictoriaMetricsProcess, then each
 * agent in turn on the same targets for the same window; measures each from /proc and from
 * VictoriaMetrics and prints one table. Raw material goes under {@link BenchOptions#out()}.
 */
public final class Bench {
    /** Pause between runs so one agent's last writes never fall into the next one's window. */
    private static final Duration GAP = Duration.ofSeconds(5);
    /** How often, and at most how long, the stored count is asked again while an agent drains its queue. */
    static final Duration DRAIN_POLL = Duration.ofSeconds(10);
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(120);

    private final BenchOptions o;
    /**
     * The simulator's heap sizing, fixed so that its own collection work (it shares the two cores
     * with the agent) does not change with meshlens's defaults: meshlens's small initial heap
     * (scripts/lib/jvm-options) kept the simulator's young generation tiny and cost it ~2–3 s more
     * CPU per window at 1,000 pods. These are the sizes it ran with before (the JVM's default
     * initial heap on the 23 GB bench machine, and meshlens's earlier free ratio).
     */
    static final String SIM_JVM_OPTS = "-Xms384m -XX:MaxHeapFreeRatio=15";
    private final PrintStream progress;
    private final JavaCommand launcher;
    /** Bulky state (VictoriaMetrics data, agent queues/WAL, kubeconfig): a temp dir, deleted at the end. */
    private volatile Path work;

    private Bench(BenchOptions o, PrintStream progress) {
        this.o = o;
        this.progress = progress;
        this.launcher = JavaCommand.of(o.home(), o.jvmOpts());
    }

    /**
     * Runs every agent; returns the results in run order (the table is also written to out/table.md).
     * A bench ended by a signal (SIGTERM, SIGINT) stops the processes it started and deletes its
     * work directory on its way out: the try blocks that do that normally do not run then.
     */
    public static List<RunResult> run(BenchOptions o, PrintStream progress) throws IOException, InterruptedException {
        Bench bench = new Bench(o, progress);
        Thread stopChildren = new Thread(() -> {
            stopChildren();
            bench.deleteWork();
        }, "bench-stop-children");
        Runtime.getRuntime().addShutdownHook(stopChildren);
        try {
            return bench.run();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChildren);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs
            }
        }
    }

    private void deleteWork() {
        try {
            if (work != null) {
                deleteTree(work);
            }
        } catch (IOException e) {
            progress.println("could not delete " + work + ": " + e);
        }
    }

    /** Asks every process this one started (VictoriaMetrics, simulator, agent) to stop; kills what is left after 10 s. */
    private static void stopChildren() {
        List<ProcessHandle> children = ProcessHandle.current().descendants().toList();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (ProcessHandle p : children) {
            try {
                p.onExit().get(Math.max(0, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
    }

    private List<RunResult> run() throws IOException, InterruptedException {
        Files.createDirectories(o.out());
        Files.writeString(o.out().resolve("machine.txt"), machine());
        List<RunResult> results = new ArrayList<>();
        work = Files.createTempDirectory("meshlens-bench");
        try (VictoriaMetricsProcess vm = new VictoriaMetricsProcess(work.resolve("vm-data"),
                // Retried remote writes may store a sample twice; 1 ms dedup keeps one per timestamp,
                // so "stored" counts distinct samples.
                List.of("-search.maxUniqueTimeseries=10000000", "-search.maxSamplesPerQuery=10000000000",
                        "-dedup.minScrapeInterval=1ms", "-search.maxQueryDuration=10m"));
             Writer queryLog = Files.newBufferedWriter(o.out().resolve("vm-queries.tsv"))) {
            vm.start();
            progress.println("VictoriaMetrics " + vm.baseUrl() + "; starting simulator (" + o.pods() + " pods)");
            try (SimProcess sim = SimProcess.start(JavaCommand.of(o.home(), SIM_JVM_OPTS), o.pods(), o.seed(), work.resolve("sim"),
                    Duration.ofMinutes(5))) {
                VmMeter meter = new VmMeter(vm, queryLog);
                String probePod = firstPodName(sim.targets());
                for (Agent a : o.agents()) {
                    progress.println("== " + a.label() + ": warm-up " + o.warmup().toSeconds() + " s, window "
                            + o.duration().toSeconds() + " s (load " + loadavg() + ")");
                    RunResult r = runOne(a, vm, sim, meter, probePod);
                    results.add(r);
                    progress.println("   " + ResultTable.summary(r));
                    Files.writeString(o.out().resolve("table.md"), ResultTable.markdown(results));
                    Thread.sleep(GAP.toMillis());
                }
            }
        } finally {
            copyIfPresent(work.resolve("sim.log"), o.out().resolve("sim.log"));
            copyIfPresent(work.resolve("vm-data.log"), o.out().resolve("victoria-metrics.log"));
            deleteTree(work);
        }
        String table = ResultTable.markdown(results);
        Files.writeString(o.out().resolve("table.md"), table);
        progress.println(table);
        progress.println("raw output: " + o.out());
        return results;
    }

    private RunResult runOne(Agent a, VictoriaMetricsProcess vm, SimProcess sim, VmMeter meter, String probePod)
            throws IOException, InterruptedException {
        Path dir = o.out().resolve(a.label());
        Files.createDirectories(dir);
        List<String> cmd = command(a, vm, sim, dir);
        Files.writeString(dir.resolve("command.txt"), String.join(" ", cmd) + "\n");
        Map<String, String> env = new java.util.HashMap<>(Map.of("KUBECONFIG", sim.kubeconfig().toString(),
                "MESHLENS_MESH_REMOTE_WRITE_URL", vm.writeUrl()));
        if (a == Agent.MESHLENS || a == Agent.MESHLENS_RELABEL) {
            env.putAll(JavaCommand.environment());
        }
        // The loss check covers the whole run: from before the agent starts until the proxies pause.
        ServeStats.Snapshot before = sim.stats();
        long started = System.currentTimeMillis();
        try (AgentProcess agent = AgentProcess.start(cmd, env, dir.resolve("agent.log"));
             ProcSampler sampler = new ProcSampler(agent.pid(), sim.pid())) {
            Thread.sleep(o.warmup().toMillis());
            agent.checkAlive();
            ServeStats.Snapshot s0 = sim.stats();
            ProcSampler.Sample c0 = sampler.sampleNow();
            RunResult r;
            try (DelayProbe probe = new DelayProbe(meter, "{__name__=\"tcp_open_connections\",bench_run=\""
                    + a.label() + "\",k8s_pod_name=\"" + probePod + "\"}")) {
                Thread.sleep(o.duration().toMillis());
                ProcSampler.Sample c1 = sampler.sampleNow();
                ServeStats.Snapshot s1 = sim.stats();
                String load = loadavg();
                agent.checkAlive();
                long hwm = ProcStat.hwmKb(agent.pid());
                probe.close();
                if (probe.failure() != null) {
                    throw new IOException("delay probe failed: " + probe.failure(), probe.failure());
                }
                // Stop serving, then let the last scrapes reach VictoriaMetrics (Prometheus sends every 5 s at most).
                sim.pause();
                Thread.sleep(Math.max(o.interval().toMillis(), 5000) + 5000);
                ServeStats.Snapshot after = sim.stats();
                long keptServed = kept(a, before, after);
                long from = c0.millis();
                long to = c1.millis();
                String all = VmMeter.selector(a, null);
                List<Double> durations = meter.values("scrape_duration_seconds{bench_run=\"" + a.label() + "\"}", from, to);
                List<Double> delays = probe.delays();
                r = new RunResult(a, (to - from) / 1000.0, c1.agentCpuSeconds() - c0.agentCpuSeconds(),
                        ProcSampler.medianRssKb(sampler.between(from, to)), hwm, meter.series(all, from, to),
                        meter.samples(all, from, to), s1.lines() - s0.lines(), keptServed,
                        drained(() -> meter.samples(VmMeter.selector(a, a.keepRegex()), started - 1000,
                                System.currentTimeMillis()), keptServed, DRAIN_POLL, DRAIN_LIMIT),
                        ResultTable.quantile(durations, 0.99), ResultTable.quantile(delays, 0.5),
                        ResultTable.quantile(delays, 0.99), c1.simCpuSeconds() - c0.simCpuSeconds(), load);
                Files.writeString(dir.resolve("delays.txt"), delays.toString() + "\n");
            }
            sampler.writeCsv(dir.resolve("proc.csv"));
            return r;
        } finally {
            sim.resume();
        }
    }

    /** A count that may still grow (samples stored in VictoriaMetrics). */
    interface Count {
        long get() throws IOException, InterruptedException;
    }

    /**
     * The stored count once the agent has sent what it holds: asked until it reaches {@code served},
     * or is the same as {@code poll} earlier, or {@code limit} has passed. An agent still behind when
     * the window ends is slow (the delay columns say by how much), not lossy; what it never sends
     * within the limit counts as lost.
     */
    static long drained(Count stored, long served, Duration poll, Duration limit)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long last = -1;
        while (true) {
            long n = stored.get();
            if (n >= served || n == last || System.nanoTime() - deadline > 0) {
                return n;
            }
            last = n;
            Thread.sleep(poll.toMillis());
        }
    }

    /** Lines served between two readings whose sample name the agent's filter keeps. */
    static long kept(Agent a, ServeStats.Snapshot before, ServeStats.Snapshot after) {
        long n = 0;
        for (var e : after.linesByName().entrySet()) {
            if (a.keeps(e.getKey())) {
                n += e.getValue() - before.linesByName().getOrDefault(e.getKey(), 0L);
            }
        }
        return n;
    }

    private List<String> command(Agent a, VictoriaMetricsProcess vm, SimProcess sim, Path dir) throws IOException {
        return switch (a) {
            case MESHLENS, MESHLENS_RELABEL -> {
                String example = Files.readString(o.home().resolve(a.example()));
                Path cfg = dir.resolve("config.yaml");
                Files.writeString(cfg, AgentConfigs.meshlens(example, a, o.interval(), sim.targets(),
                        new AgentConfigs.MeshlensPorts(BackendProcess.freePort(), BackendProcess.freePort())));
                List<String> args = new ArrayList<>(List.of("run", "--config", cfg.toString()));
                for (String set : o.meshlensSets()) {
                    args.add("--set");
                    args.add(set.replace("{agent_dir}", dir.toString()));
                }
                yield launcher.command(List.of("-Dkubeconfig=" + sim.kubeconfig()), args);
            }
            case VMAGENT -> {
                Path cfg = dir.resolve("scrape.yaml");
                Files.writeString(cfg, AgentConfigs.vmagent(o.interval(), sim.targets()));
                yield List.of("/usr/bin/vmagent", "-promscrape.config=" + cfg, "-remoteWrite.url=" + vm.writeUrl(),
                        "-remoteWrite.label=bench_run=" + a.label(), "-remoteWrite.tmpDataPath=" + work.resolve("vmagent-queue"),
                        "-httpListenAddr=127.0.0.1:" + BackendProcess.freePort(), "-loggerLevel=WARN",
                        // The simulated collector pod's page passes the 16 MiB default near N = 1,000;
                        // meshlens and Prometheus (body_size_limit 0) take it whole.
                        "-promscrape.maxScrapeSize=1GB");
            }
            case PROMETHEUS -> {
                Path cfg = dir.resolve("prometheus.yaml");
                Files.writeString(cfg, AgentConfigs.prometheus(o.interval(), sim.targets(), vm.writeUrl()));
                yield List.of("/usr/bin/prometheus", "--enable-feature=agent", "--storage.agent.path=" + work.resolve("prometheus-wal"),
                        "--config.file=" + cfg, "--web.listen-address=127.0.0.1:" + BackendProcess.freePort());
            }
        };
    }

    private static void copyIfPresent(Path from, Path to) throws IOException {
        if (Files.exists(from)) {
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String firstPodName(Path targets) throws IOException {
        var groups = new com.fasterxml.jackson.databind.ObjectMapper().readTree(targets.toFile());
        return groups.get(0).get("labels").get("__meta_kubernetes_pod_name").asText();
    }

    static String loadavg() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private String machine() {
        return "date " + java.time.Instant.now() + "\ncores " + Runtime.getRuntime().availableProcessors()
                + "\nloadavg at start " + loadavg() + "\njava " + Runtime.version() + "\npods " + o.pods()
                + "\nseed " + o.seed() + "\nwarmup " + o.warmup() + "\nduration " + o.duration() + "\ninterval "
                + o.interval() + "\nagents " + o.agents() + "\nmeshlens jvm opts " + launcher.jvmOpts()
                + "\nmeshlens --set " + o.meshlensSets() + "\n";
    }
}
