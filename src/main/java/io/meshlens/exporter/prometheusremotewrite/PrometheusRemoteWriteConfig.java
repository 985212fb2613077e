package io.meshlens.exporter.prometheusremotewrite;

import io.meshlens.remotewrite.TranslationSettings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code prometheusremotewrite} exporter's config, as contrib 0.118 (defaults in
 * {@link PrometheusRemoteWriteExporterFactory}); see README.md.
 */
public record PrometheusRemoteWriteConfig(
        String endpoint,
        Map<String, String> headers,
        Duration timeout,
        Tls tls,
        String namespace,
        Map<String, String> externalLabels,
        boolean resourceToTelemetryConversion,
        boolean targetInfoEnabled,
        boolean exportCreatedMetric,
        boolean addMetricSuffixes,
        boolean sendMetadata,
        int maxBatchSizeBytes,
        Queue remoteWriteQueue,
        Retry retryOnFailure,
        Wal wal) {

    /** confighttp's client TLS subset: insecure_skip_verify, ca_file, cert_file, key_file. */
    public record Tls(boolean insecure, boolean insecureSkipVerify, Path caFile, Path certFile, Path keyFile) {
        public static final Tls NONE = new Tls(false, false, null, null, null);
    }

    /** remote_write_queue: bounded queue of pushes; num_consumers concurrent requests per push. */
    public record Queue(boolean enabled, int queueSize, int numConsumers) {
    }

    /** retry_on_failure: exponential backoff; maxElapsedTime 0 retries forever. */
    public record Retry(boolean enabled, Duration initialInterval, Duration maxInterval, Duration maxElapsedTime,
                        double randomizationFactor, double multiplier) {
    }

    /** wal: on-disk log written before acknowledging; null directory = no WAL. */
    public record Wal(Path directory, int bufferSize, Duration truncateFrequency) {
    }

    public TranslationSettings translationSettings() {
        return new TranslationSettings(namespace, externalLabels, addMetricSuffixes, targetInfoEnabled,
                resourceToTelemetryConversion, sendMetadata);
    }
}
