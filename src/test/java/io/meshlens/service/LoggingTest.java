package io.meshlens.service;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class LoggingTest {
    @Test
    void formatsTimeLevelComponentAndMessageOnOneLine() {
        LogRecord r = new LogRecord(Level.WARNING, "queue is full");
        r.setLoggerName("exporters::prometheusremotewrite");
        r.setInstant(Instant.parse("2025-01-02T03:04:05.678Z"));
        assertThat(new Logging.OneLineFormatter().format(r))
                .isEqualTo("2025-01-02T03:04:05.678Z WARN exporters::prometheusremotewrite queue is full\n");
    }

    @Test
    void mapsCollectorLevelsToJulLevels() {
        assertThat(Logging.toLevel("debug")).isEqualTo(Level.FINE);
        assertThat(Logging.toLevel("info")).isEqualTo(Level.INFO);
        assertThat(Logging.toLevel("warn")).isEqualTo(Level.WARNING);
        assertThat(Logging.toLevel("error")).isEqualTo(Level.SEVERE);
    }
}
