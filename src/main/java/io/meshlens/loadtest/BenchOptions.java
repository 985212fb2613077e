package io.meshlens.loadtest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@link Bench#run} measures.
 *
 * @param pods      simulated proxies
 * @param seed      simulator seed
 * @param warmup    per agent, before the window (discovery, first scrapes, JIT)
 * @param duration  the measured window per agent
 * @param interval  scrape interval of every agent
 * @param agents    which agents, in this order
 * @param jvmOpts   extra JVM options for the meshlens agents (like MESHLENS_JAVA_OPTS)
 * @param meshlensSets {@code --set key=value} overrides for the meshlens agents' configs;
 *                  {@code {agent_dir}} in a value becomes the agent's own output directory
 * @param home      the meshlens checkout (examples/, target/meshlens.jar)
 * @param out       where configs, logs, CSVs, query log and the table go
 */
public record BenchOptions(int pods, long seed, Duration warmup, Duration duration, Duration interval,
        List<Agent> agents, String jvmOpts, List<String> meshlensSets, Path home, Path out) {
    public BenchOptions {
        agents = List.copyOf(agents);
        meshlensSets = List.copyOf(meshlensSets);
        if (pods < 5) {
            throw new IllegalArgumentException("--pods must be at least 5 (the simulator's minimum)");
        }
        AgentConfigs.seconds(interval);
        if (duration.compareTo(interval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("--duration must be at least two scrape intervals");
        }
    }
}
