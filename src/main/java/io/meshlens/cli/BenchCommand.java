package io.meshlens.cli;

import io.meshlens.config.GoDuration;
import io.meshlens.loadtest.Agent;
import io.meshlens.loadtest.Bench;
import io.meshlens.loadtest.BenchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code meshlens bench}: meshlens vs vmagent vs Prometheus agent on the same simulated proxies. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Side-by-side load test: simulated Linkerd proxies (own process), one VictoriaMetrics,",
                "then meshlens (OTTL filter), meshlens (relabel keep), vmagent and Prometheus agent, one after the",
                "other, each measured from /proc and from what VictoriaMetrics stored. See docs/performance.md."})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--pods", defaultValue = "30", description = "simulated proxies (default: ${DEFAULT-VALUE})")
    int pods;

    @Option(names = "--seed", defaultValue = "1", description = "simulator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--warmup", defaultValue = "60s", description = "per agent, before measuring (default: ${DEFAULT-VALUE})")
    String warmup;

    @Option(names = "--duration", defaultValue = "120s", description = "measured window per agent (default: ${DEFAULT-VALUE})")
    String duration;

    @Option(names = "--interval", defaultValue = "5s", description = "scrape interval (default: ${DEFAULT-VALUE})")
    String interval;

    @Option(names = "--agents", split = ",", description = "subset and order, from meshlens, meshlens-relabel, "
            + "vmagent, prometheus-agent (default: all four)")
    List<String> agents = new ArrayList<>();

    @Option(names = "--meshlens-jvm-opts", description = "extra JVM options for the meshlens agents, like MESHLENS_JAVA_OPTS "
            + "(default: $MESHLENS_JAVA_OPTS)")
    String jvmOpts = System.getenv("MESHLENS_JAVA_OPTS");

    @Option(names = "--meshlens-set", description = "a --set key=value for the meshlens agents' configs, repeatable; "
            + "{agent_dir} becomes the agent's output directory, e.g. "
            + "exporters::prometheusremotewrite::wal::directory={agent_dir}/wal")
    List<String> meshlensSets = new ArrayList<>();

    @Option(names = "--out", description = "raw output directory (default: target/bench/<timestamp>)")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path home = Path.of(System.getProperty("meshlens.home", ".")).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("target/meshlens.jar"))) {
            System.err.println("meshlens bench: no target/meshlens.jar under " + home + "; run it as ./meshlens bench");
            return 2;
        }
        for (String bin : List.of("/usr/bin/victoria-metrics", "/usr/bin/vmagent", "/usr/bin/prometheus")) {
            if (!Files.isExecutable(Path.of(bin))) {
                System.err.println("meshlens bench: " + bin + " is missing (Debian packages victoria-metrics, "
                        + "vmagent, prometheus)");
                return 2;
            }
        }
        BenchOptions o;
        try {
            List<Agent> which = new ArrayList<>();
            for (String a : agents) {
                which.add(Agent.byLabel(a));
            }
            Path dir = out != null ? out : home.resolve("target/bench")
                    .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
            o = new BenchOptions(pods, seed, GoDuration.parse(warmup), GoDuration.parse(duration),
                    GoDuration.parse(interval), which.isEmpty() ? List.of(Agent.values()) : which, jvmOpts, meshlensSets, home,
                    dir.toAbsolutePath());
        } catch (IllegalArgumentException e) {
            System.err.println("meshlens bench: " + e.getMessage());
            return 2;
        }
        Bench.run(o, System.out);
        return 0;
    }
}
