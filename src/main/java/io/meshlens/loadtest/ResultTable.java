package io.meshlens.loadtest;

import java.util.List;
import java.util.Locale;

/** The bench's one table (markdown), with CPU and memory ratios against the vmagent run. */
public final class ResultTable {
    private ResultTable() {
    }

    public static String markdown(List<RunResult> runs) {
        RunResult vm = runs.stream().filter(r -> r.agent() == Agent.VMAGENT).findFirst().orElse(null);
        StringBuilder b = new StringBuilder();
        b.append("| agent | CPU s | CPU s / M scraped | × vmagent | CPU s / M stored | RSS steady MiB | RSS peak MiB "
                + "| active series | RSS B / series | × vmagent | stored samples/s | scrape p99 ms | delay p50 s "
                + "| delay p99 s | kept served | kept stored | lost | sim CPU s | load avg |\n");
        b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (RunResult r : runs) {
            b.append("| ").append(r.agent().label())
                    .append(" | ").append(num(r.cpuSeconds(), 1))
                    .append(" | ").append(num(r.cpuPerMillionScraped(), 2))
                    .append(" | ").append(ratio(r.cpuPerMillionScraped(), vm == null ? Double.NaN : vm.cpuPerMillionScraped()))
                    .append(" | ").append(num(r.cpuPerMillionStored(), 2))
                    .append(" | ").append(num(r.rssSteadyKb() / 1024.0, 0))
                    .append(" | ").append(num(r.rssPeakKb() / 1024.0, 0))
                    .append(" | ").append(r.activeSeries())
                    .append(" | ").append(num(r.rssBytesPerSeries(), 0))
                    .append(" | ").append(ratio(r.rssBytesPerSeries(), vm == null ? Double.NaN : vm.rssBytesPerSeries()))
                    .append(" | ").append(num(r.storedPerSecond(), 0))
                    .append(" | ").append(num(r.scrapeP99Seconds() * 1000, 1))
                    .append(" | ").append(num(r.delayP50Seconds(), 2))
                    .append(" | ").append(num(r.delayP99Seconds(), 2))
                    .append(" | ").append(r.keptServed())
                    .append(" | ").append(r.keptStored())
                    .append(" | ").append(r.lost())
                    .append(" | ").append(num(r.simCpuSeconds(), 1))
                    .append(" | ").append(r.loadavg() == null ? "n/a" : String.join(" ", java.util.Arrays.asList(
                            r.loadavg().split(" ")).subList(0, Math.min(3, r.loadavg().split(" ").length))))
                    .append(" |\n");
        }
        return b.toString();
    }

    /** One line of progress after a run (the table comes at the end). */
    public static String summary(RunResult r) {
        return r.agent().label() + ": CPU " + num(r.cpuSeconds(), 1) + " s (" + num(r.cpuPerMillionScraped(), 2)
                + " s per M scraped), RSS " + num(r.rssSteadyKb() / 1024.0, 0) + " MiB, " + r.activeSeries()
                + " series, " + num(r.storedPerSecond(), 0) + " samples/s stored, lost " + r.lost();
    }

    static String num(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "n/a" : String.format(Locale.ROOT, "%,." + decimals + "f", v);
    }

    static String ratio(double v, double base) {
        return Double.isNaN(v) || Double.isNaN(base) || base == 0 ? "n/a" : String.format(Locale.ROOT, "%.2f×", v / base);
    }

    /** The q-quantile (0..1) of the values by nearest rank; NaN when there are none. */
    public static double quantile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] a = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(q * a.length);
        return a[Math.max(0, Math.min(a.length - 1, rank - 1))];
    }
}
