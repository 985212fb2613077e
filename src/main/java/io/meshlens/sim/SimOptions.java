package io.meshlens.sim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What {@link Simulation#start} runs.
 *
 * @param pods            meshed pods; 30 is the seed's lab, more adds shop copies in {@code otel-demo-N}
 * @param seed            fixes names, rates and latencies; same seed + same clock = same output
 * @param faults          {@code --fault} values, parsed ({@link Fault#parse})
 * @param churnInterval   replace one pod this often ({@code null}: no churn)
 * @param serviceProfiles add the legacy {@code route_*} families, as ServiceProfiles would
 * @param otlpEndpoint    base URL of an OTLP/HTTP receiver ({@code http://127.0.0.1:4318}) for app metrics
 *                        and traces ({@code /v1/metrics}, {@code /v1/traces}); {@code null}: no app push
 * @param pushInterval    how often app metrics and a trace are pushed
 * @param clock           the simulation clock (a manual one in tests)
 * @param workDir         where the kubeconfig is written
 */
public record SimOptions(int pods, long seed, List<Fault> faults, Duration churnInterval, boolean serviceProfiles,
        String otlpEndpoint, Duration pushInterval, SimClock clock, Path workDir) {

    public SimOptions {
        faults = List.copyOf(faults);
    }

    public static SimOptions defaults(Path workDir) {
        return new SimOptions(30, 1, List.of(), null, false, null, Duration.ofSeconds(10), SimClock.system(), workDir);
    }

    public SimOptions withPods(int n) {
        return new SimOptions(n, seed, faults, churnInterval, serviceProfiles, otlpEndpoint, pushInterval, clock, workDir);
    }

    public SimOptions withSeed(long s) {
        return new SimOptions(pods, s, faults, churnInterval, serviceProfiles, otlpEndpoint, pushInterval, clock, workDir);
    }

    public SimOptions withFaults(List<Fault> f) {
        return new SimOptions(pods, seed, f, churnInterval, serviceProfiles, otlpEndpoint, pushInterval, clock, workDir);
    }

    public SimOptions withChurn(Duration every) {
        return new SimOptions(pods, seed, faults, every, serviceProfiles, otlpEndpoint, pushInterval, clock, workDir);
    }

    public SimOptions withServiceProfiles(boolean on) {
        return new SimOptions(pods, seed, faults, churnInterval, on, otlpEndpoint, pushInterval, clock, workDir);
    }

    public SimOptions withOtlp(String endpoint, Duration every) {
        return new SimOptions(pods, seed, faults, churnInterval, serviceProfiles, endpoint, every, clock, workDir);
    }

    public SimOptions withClock(SimClock c) {
        return new SimOptions(pods, seed, faults, churnInterval, serviceProfiles, otlpEndpoint, pushInterval, c, workDir);
    }
}
