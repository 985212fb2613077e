package io.meshlens.cli;

import io.meshlens.demo.Demo;
import io.meshlens.sim.Fault;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code meshlens demo}: the simulated Linkerd-meshed shop with real backends, end to end. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Runs the seed's lab on this machine: a simulated Linkerd-meshed OTel Demo shop on loopback,",
                "real VictoriaMetrics (mesh) and Prometheus (app), and meshlens with examples/linkerd-mesh.yaml."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--pods", defaultValue = "30", description = "meshed pods (the seed's lab: 30)")
    int pods;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the traffic model")
    long seed;

    @Option(names = "--fault", description = "inject a fault, e.g. ad:grpc-unavailable:0.1, cart:http-5xx:0.05, "
            + "cart:latency:+200ms (repeatable; default: ad:grpc-unavailable:0.1, the seed's hidden failure)")
    List<String> faults = new ArrayList<>();

    @Option(names = "--no-fault", description = "no fault at all")
    boolean noFault;

    @Option(names = "--churn", description = "replace a pod this often, e.g. 30s")
    String churn;

    @Option(names = "--relabel-filter", description = "the seed's Approach 1 (metric_relabel_configs keep) instead of the OTTL filter")
    boolean relabelFilter;

    @Option(names = "--duration", description = "stop after this long, e.g. 2m (default: until Ctrl-C)")
    String duration;

    @Option(names = "--work-dir", description = "where backends keep their data (default: a new temp dir)")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        List<String> specs = faults.isEmpty() && !noFault ? List.of("ad:grpc-unavailable:0.1") : faults;
        try {
            specs.forEach(Fault::parse);
        } catch (IllegalArgumentException e) {
            System.err.println("meshlens demo: --fault: " + e.getMessage());
            return 2;
        }
        Path home = Path.of(System.getProperty("meshlens.home", "."));
        if (!Files.isRegularFile(home.resolve("examples/linkerd-mesh.yaml"))) {
            System.err.println("meshlens demo: cannot find examples/linkerd-mesh.yaml under " + home.toAbsolutePath()
                    + "; run it from the meshlens checkout (./meshlens demo)");
            return 2;
        }
        Path dir = workDir != null ? workDir : Files.createTempDirectory("meshlens-demo");
        Demo.Options o = new Demo.Options(pods, seed, specs, parse(churn), relabelFilter, parse(duration), dir, home);
        return Demo.run(o, System.out, System.err);
    }

    private static Duration parse(String s) {
        return s == null ? null : io.meshlens.config.GoDuration.parse(s);
    }
}
