package io.meshlens.exporter.debug;

/**
 * Config of the {@code debug} exporter. Sampling is accepted for compatibility; like the Collector
 * since v0.103 (sampling_thereafter 1) every batch is written.
 *
 * @param useInternalLogger true: write through meshlens's log (stderr); false: plain stdout
 */
public record DebugConfig(Verbosity verbosity, int samplingInitial, int samplingThereafter, boolean useInternalLogger) {
    public static final DebugConfig DEFAULT = new DebugConfig(Verbosity.BASIC, 2, 1, true);
}
