package io.meshlens.loadtest;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Samples the agent's CPU time and RSS (and the simulator's CPU, for context) once a second. */
public final class ProcSampler implements AutoCloseable {
    /** One second's reading; {@code rssKb} is the agent's VmRSS. */
    public record Sample(long millis, double agentCpuSeconds, long rssKb, double simCpuSeconds) {
    }

    private final long agentPid;
    private final long simPid;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;

    public ProcSampler(long agentPid, long simPid) {
        this.agentPid = agentPid;
        this.simPid = simPid;
        this.thread = Thread.ofPlatform().daemon().name("bench-proc-sampler").start(this::loop);
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                sampleNow();
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (IOException gone) {
                return; // the agent exited; the bench reports that
            }
        }
    }

    public Sample sampleNow() throws IOException {
        Sample s = new Sample(System.currentTimeMillis(), ProcStat.cpuSeconds(agentPid), ProcStat.rssKb(agentPid),
                ProcStat.cpuSeconds(simPid));
        synchronized (samples) {
            samples.add(s);
        }
        return s;
    }

    /** Samples taken in [from, to] (epoch ms). */
    public List<Sample> between(long from, long to) {
        synchronized (samples) {
            return samples.stream().filter(s -> s.millis() >= from && s.millis() <= to).toList();
        }
    }

    /** Median RSS of the given samples, in kB. */
    public static long medianRssKb(List<Sample> window) {
        long[] a = window.stream().mapToLong(Sample::rssKb).sorted().toArray();
        return a.length == 0 ? -1 : a[a.length / 2];
    }

    public void writeCsv(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file)) {
            w.write("epoch_ms,agent_cpu_s,agent_rss_kb,sim_cpu_s\n");
            synchronized (samples) {
                for (Sample s : samples) {
                    w.write(String.format(Locale.ROOT, "%d,%.2f,%d,%.2f%n", s.millis(), s.agentCpuSeconds(), s.rssKb(),
                            s.simCpuSeconds()));
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(5000);
    }
}
