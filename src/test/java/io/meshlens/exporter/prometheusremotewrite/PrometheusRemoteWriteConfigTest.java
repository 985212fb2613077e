package io.meshlens.exporter.prometheusremotewrite;

import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusRemoteWriteConfigTest {
    static Path file() {
        try {
            return Path.of(PrometheusRemoteWriteConfigTest.class
                    .getResource("/exporter/prometheusremotewrite/config.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static PrometheusRemoteWriteConfig load(String id) {
        ConfigErrors errors = new ConfigErrors();
        PrometheusRemoteWriteConfig c = ExporterFixtures.parse(file(), id, errors);
        assertThat(errors.all()).isEmpty();
        return c;
    }

    @Test
    void defaultsAreContrib0118s() {
        PrometheusRemoteWriteConfig c = load("prometheusremotewrite");
        assertThat(c.endpoint()).isEqualTo("http://victoria-metrics:8428/api/v1/write");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.namespace()).isEmpty();
        assertThat(c.externalLabels()).isEmpty();
        assertThat(c.resourceToTelemetryConversion()).isFalse();
        assertThat(c.targetInfoEnabled()).isTrue();
        assertThat(c.addMetricSuffixes()).isTrue();
        assertThat(c.sendMetadata()).isFalse();
        assertThat(c.maxBatchSizeBytes()).isEqualTo(3_000_000);
        assertThat(c.remoteWriteQueue()).isEqualTo(new PrometheusRemoteWriteConfig.Queue(true, 10_000, 5));
        assertThat(c.retryOnFailure()).isEqualTo(new PrometheusRemoteWriteConfig.Retry(true, Duration.ofMillis(50),
                Duration.ofMillis(200), Duration.ofMinutes(1), 0.5, 1.5));
        assertThat(c.wal()).isNull();
        assertThat(c.tls()).isEqualTo(PrometheusRemoteWriteConfig.Tls.NONE);
    }

    @Test
    void everyKeyIsRead() {
        PrometheusRemoteWriteConfig c = load("prometheusremotewrite/full");
        assertThat(c.headers()).isEqualTo(Map.of("Authorization", "Bearer s3cr3t"));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.tls().insecureSkipVerify()).isTrue();
        assertThat(c.tls().caFile()).isEqualTo(Path.of("/etc/ssl/ca.pem"));
        assertThat(c.namespace()).isEqualTo("mesh");
        assertThat(c.resourceToTelemetryConversion()).isTrue();
        assertThat(c.targetInfoEnabled()).isFalse();
        assertThat(c.addMetricSuffixes()).isFalse();
        assertThat(c.sendMetadata()).isTrue();
        assertThat(c.maxBatchSizeBytes()).isEqualTo(1_000_000);
        assertThat(c.remoteWriteQueue()).isEqualTo(new PrometheusRemoteWriteConfig.Queue(true, 500, 2));
        assertThat(c.retryOnFailure().maxElapsedTime()).isZero();
        assertThat(c.wal()).isEqualTo(new PrometheusRemoteWriteConfig.Wal(Path.of("/var/lib/meshlens/wal"), 50,
                Duration.ofSeconds(30)));
        // External label names are sanitized like attribute keys, as the exporter does at start.
        assertThat(c.translationSettings().externalLabels()).isEqualTo(Map.of("cluster", "eu-1", "key_0bad_key", "x"));
    }

    @Test
    void backoffShapeIsConfigurable() {
        PrometheusRemoteWriteConfig.Retry r = load("prometheusremotewrite/backoff").retryOnFailure();
        assertThat(r.randomizationFactor()).isEqualTo(0.1);
        assertThat(r.multiplier()).isEqualTo(2.0);
    }

    @Test
    void problemsAreReportedWithTheirPlace() {
        ConfigErrors errors = new ConfigErrors();
        ExporterFixtures.parse(file(), "prometheusremotewrite/bad", errors);
        assertThat(errors.errors()).extracting(ConfigError::toString).anySatisfy(m -> assertThat(m)
                .contains("config.yaml:38:15").contains("exporters::prometheusremotewrite/bad")
                .contains("is not an http(s) URL"));
        assertThat(errors.errors()).extracting(ConfigError::toString)
                .anySatisfy(m -> assertThat(m).contains("queue_size: must be ≥ 0"))
                .anySatisfy(m -> assertThat(m).contains("unknown key \"remote_write_queue.num_consumer\""))
                .anySatisfy(m -> assertThat(m).contains("external_labels: empty key or value"))
                .anySatisfy(m -> assertThat(m).contains("auth: authenticator extensions are not supported"))
                .anySatisfy(m -> assertThat(m).contains("headers: invalid header \"X-Bad: injected\""))
                .anySatisfy(m -> assertThat(m).contains("headers: invalid header \"X-Split\""));
    }
}
