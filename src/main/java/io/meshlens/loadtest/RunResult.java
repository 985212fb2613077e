package io.meshlens.loadtest;

/**
 * One agent's measured window. Counts are over the window only; {@code NaN} where a figure could
 * not be measured (e.g. scrape duration when the agent's filter drops {@code scrape_duration_seconds}).
 *
 * @param cpuSeconds        agent utime + stime during the window
 * @param rssSteadyKb       median VmRSS of the per-second samples in the window
 * @param rssPeakKb         VmHWM at the end of the run (peak since the agent started)
 * @param activeSeries      distinct series the agent wrote in the window (VictoriaMetrics)
 * @param samplesStored     samples with a timestamp in the window, stored in VictoriaMetrics
 * @param samplesScraped    sample lines the simulator served in the window (all names)
 * @param keptServed        over the whole run (agent start until the proxies pause after the window):
 *                          lines served whose name the agent's filter keeps
 * @param keptStored        samples stored over the whole run whose name the agent's filter keeps
 * @param scrapeP99Seconds  p99 of the stored {@code scrape_duration_seconds} in the window
 * @param delayP50Seconds   scrape → visible in VictoriaMetrics, median over probe observations
 * @param delayP99Seconds   same, p99
 * @param simCpuSeconds     the simulator's utime + stime during the window (for context)
 * @param loadavg           /proc/loadavg at the end of the window (the machine is shared)
 */
public record RunResult(Agent agent, double windowSeconds, double cpuSeconds, long rssSteadyKb, long rssPeakKb,
        long activeSeries, long samplesStored, long samplesScraped, long keptServed, long keptStored,
        double scrapeP99Seconds, double delayP50Seconds, double delayP99Seconds, double simCpuSeconds, String loadavg) {

    public double cpuPerMillionScraped() {
        return samplesScraped == 0 ? Double.NaN : cpuSeconds / (samplesScraped / 1e6);
    }

    public double cpuPerMillionStored() {
        return samplesStored == 0 ? Double.NaN : cpuSeconds / (samplesStored / 1e6);
    }

    public double storedPerSecond() {
        return samplesStored / windowSeconds;
    }

    /** Resident bytes per active series (steady RSS / active series). */
    public double rssBytesPerSeries() {
        return activeSeries == 0 ? Double.NaN : rssSteadyKb * 1024.0 / activeSeries;
    }

    /** Kept samples served but not stored; negative means more stored than served (window edges). */
    public long lost() {
        return keptServed - keptStored;
    }
}
