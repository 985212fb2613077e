package io.meshlens.exporter.prometheus;

import java.time.Duration;
import java.util.Map;

/**
 * The {@code prometheus} exporter's config, as contrib 0.118 (defaults in
 * {@link PrometheusExporterFactory}); see README.md.
 *
 * @param endpoint host:port the {@code /metrics} page is served on
 * @param namespace prefix of every metric name, empty for none
 * @param constLabels added to every series except target_info (names sanitized)
 * @param sendTimestamps write each sample's timestamp
 * @param metricExpiration series not updated for this long disappear from the page
 * @param resourceToTelemetryConversion every resource attribute becomes a label of every series
 * @param enableOpenMetrics answer OpenMetrics when the scraper asks for it
 * @param addMetricSuffixes unit and {@code _total} suffixes
 */
public record PrometheusExporterConfig(String endpoint, String namespace, Map<String, String> constLabels,
                                       boolean sendTimestamps, Duration metricExpiration,
                                       boolean resourceToTelemetryConversion, boolean enableOpenMetrics,
                                       boolean addMetricSuffixes) {
    public PrometheusExporterConfig {
        namespace = namespace == null ? "" : namespace;
        constLabels = constLabels == null ? Map.of() : Map.copyOf(constLabels);
    }
}
