package io.meshlens.cli;

import io.meshlens.loadtest.FileSdTargets;
import io.meshlens.loadtest.SimStatsServer;
import io.meshlens.sim.SimOptions;
import io.meshlens.sim.Simulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code meshlens simulate} (hidden): only the simulated proxies and API server, in their own
 * process so a load harness does not count their CPU against the agent. Prints one READY line and
 * runs until stdin closes or the process is killed.
 */
@Command(name = "simulate", hidden = true, mixinStandardHelpOptions = true,
        description = "Serves the simulated Linkerd proxies and Kubernetes API (no churn, no OTLP) for `meshlens bench`.")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--pods", defaultValue = "30", description = "meshed pods")
    int pods;

    @Option(names = "--seed", defaultValue = "1", description = "random seed of the traffic model")
    long seed;

    @Option(names = "--work-dir", required = true, description = "where the kubeconfig is written")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(workDir);
        try (Simulation sim = Simulation.start(SimOptions.defaults(workDir).withPods(pods).withSeed(seed));
             SimStatsServer stats = new SimStatsServer(sim.stats(), sim::setServing)) {
            Path targets = workDir.resolve("targets.json");
            FileSdTargets.write(sim.pods(), targets);
            System.out.println("READY kubeconfig=" + sim.kubeconfig() + " targets=" + targets + " stats=" + stats.url());
            System.out.flush();
            // The harness holds our stdin open; EOF means it is done (or gone).
            while (System.in.read() >= 0) {
                // ignore input
            }
        }
        return 0;
    }
}
