package io.meshlens.exporter.prometheus;

import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PrometheusExporterConfigTest {
    static Path file() {
        try {
            return Path.of(PrometheusExporterConfigTest.class.getResource("/exporter/prometheus/config.yaml").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static PrometheusExporterConfig load(String id) {
        ConfigErrors errors = new ConfigErrors();
        PrometheusExporterConfig c = PrometheusExporterFixtures.parse(file(), id, errors);
        assertThat(errors.all()).isEmpty();
        return c;
    }

    @Test
    void defaultsAreContrib0118s() {
        assertThat(load("prometheus")).isEqualTo(new PrometheusExporterConfig("127.0.0.1:8889", "", Map.of(), false,
                Duration.ofMinutes(5), false, false, true));
    }

    @Test
    void everyKeyIsRead() {
        assertThat(load("prometheus/full")).isEqualTo(new PrometheusExporterConfig("0.0.0.0:9464", "mesh",
                Map.of("cluster", "eu-1", "0bad.key", "x"), true, Duration.ofSeconds(90), true, true, false));
    }

    @Test
    void endpointIsRequired() {
        ConfigErrors errors = new ConfigErrors();
        PrometheusExporterFixtures.parse(file(), "prometheus/noendpoint", errors);
        assertThat(errors.errors()).extracting(ConfigError::toString)
                .anySatisfy(m -> assertThat(m).contains("exporters::prometheus/noendpoint").contains("endpoint"));
    }

    @Test
    void problemsAreReportedWithTheirPlace() {
        ConfigErrors errors = new ConfigErrors();
        PrometheusExporterFixtures.parse(file(), "prometheus/bad", errors);
        assertThat(errors.errors()).extracting(ConfigError::toString)
                .anySatisfy(m -> assertThat(m).contains("config.yaml:20:15").contains("must be host:port"))
                .anySatisfy(m -> assertThat(m).contains("metric_expiration: must be positive"))
                .anySatisfy(m -> assertThat(m).contains("unknown key \"unknown_key\""));
    }
}
