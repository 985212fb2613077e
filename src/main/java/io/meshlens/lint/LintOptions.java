package io.meshlens.lint;

/**
 * @param collectorVersion the Collector release the same file is meant to run on (env expansion differs)
 * @param deploy           how the config is deployed, or null when unknown
 */
public record LintOptions(CollectorVersion collectorVersion, Deploy deploy) {
    public static final LintOptions DEFAULT = new LintOptions(CollectorVersion.MESHLENS, null);
}
