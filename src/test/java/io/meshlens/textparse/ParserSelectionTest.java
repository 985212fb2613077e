package io.meshlens.textparse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserSelectionTest {

    @ParameterizedTest(name = "''{0}'' -> {1}")
    @CsvSource(value = {
        "application/openmetrics-text; version=1.0.0; charset=utf-8|OPENMETRICS",
        "application/openmetrics-text|OPENMETRICS",
        "Application/OpenMetrics-Text ; version=0.0.1|OPENMETRICS",
        "text/plain; version=0.0.4; charset=utf-8|PROMETHEUS_TEXT",
        "text/plain|PROMETHEUS_TEXT",
        "application/json|PROMETHEUS_TEXT",
        "''|PROMETHEUS_TEXT",
        "not a media type;;|PROMETHEUS_TEXT",
        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily|PROMETHEUS_TEXT",
    }, delimiter = '|')
    void picksTheParserByContentTypeAsPrometheusDoes(String contentType, Format expected) {
        byte[] body = new byte[0];
        assertThat(Parser.formatOf(contentType)).isEqualTo(expected);
        assertThat(Parser.forContentType(contentType, body, 0, 0).format()).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void nullContentTypeIsText() {
        assertThat(Parser.forContentType(null, new byte[0], 0, 0).format()).isEqualTo(Format.PROMETHEUS_TEXT);
    }
}
