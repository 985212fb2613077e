package io.meshlens.remotewrite;

import java.util.Map;
import java.util.TreeMap;

/**
 * What shapes OTel → Prometheus translation (contrib's {@code prometheusremotewrite.Settings}).
 *
 * @param namespace prefix of every metric name ({@code <ns>_}), empty for none
 * @param externalLabels added to every series that does not already have the label; names are
 *        sanitized here, as the exporter does at start
 * @param addMetricSuffixes unit and {@code _total} suffixes (full name normalization)
 * @param targetInfo one {@code target_info} series per resource per push
 * @param resourceToTelemetry copy every resource attribute onto every data point (resource wins)
 * @param sendMetadata add one MetricMetadata per metric to the requests
 */
public record TranslationSettings(String namespace, Map<String, String> externalLabels, boolean addMetricSuffixes,
                                  boolean targetInfo, boolean resourceToTelemetry, boolean sendMetadata) {
    public TranslationSettings {
        namespace = namespace == null ? "" : namespace;
        Map<String, String> sanitized = new TreeMap<>();
        if (externalLabels != null) {
            externalLabels.forEach((k, v) -> sanitized.put(PrometheusNaming.labelName(k), v));
        }
        externalLabels = Map.copyOf(sanitized);
    }

    /** The exporter's defaults: suffixes on, target_info on, nothing else. */
    public static TranslationSettings defaults() {
        return new TranslationSettings("", Map.of(), true, true, false, false);
    }
}
