package io.meshlens.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link ScrapePathBench}'s cases timed by the thread's CPU time instead of wall time: on a
 * machine shared with other work, time spent descheduled does not count, so before/after
 * comparisons stay meaningful when JMH's wall-clock figures are swamped by load. Not a JMH
 * benchmark (no blackhole; the batch is consumed by summing its point count).
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.meshlens.bench.ScrapePathCpuTime [rounds]
 * </pre>
 * Prints, per case and relabel setting, the lowest and median CPU ns/sample over the rounds
 * (each round: 200 ops for steady/changing, 20 for cold), after 10 s of warm-up per case.
 */
public final class ScrapePathCpuTime {
    private ScrapePathCpuTime() {
    }

    interface Op {
        int run() throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        for (String relabel : new String[] {"none", "keep"}) {
            ScrapePathBench b = new ScrapePathBench();
            b.relabel = relabel;
            b.setup();
            String[] names = {"steady", "changing", "cold"};
            Op[] ops = {() -> b.steady().pointCount(), () -> b.changing().pointCount(), () -> b.cold().pointCount()};
            int[] perRound = {200, 200, 20};
            for (int c = 0; c < ops.length; c++) {
                long until = System.nanoTime() + 10_000_000_000L;
                while (System.nanoTime() < until) {
                    sink += ops[c].run();
                }
                double[] nsPerSample = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int i = 0; i < perRound[c]; i++) {
                        sink += ops[c].run();
                    }
                    nsPerSample[r] = (mx.getCurrentThreadCpuTime() - t0) / (double) perRound[c] / ScrapePathBench.SAMPLES;
                }
                java.util.Arrays.sort(nsPerSample);
                System.out.printf("%-9s relabel=%-4s CPU ns/sample: min %7.1f  median %7.1f  max %7.1f%n", names[c], relabel,
                        nsPerSample[0], nsPerSample[rounds / 2], nsPerSample[rounds - 1]);
            }
        }
        System.out.println("# (sink " + sink + ")");
    }
}
