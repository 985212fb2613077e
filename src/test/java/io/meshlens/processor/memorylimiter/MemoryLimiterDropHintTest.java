package io.meshlens.processor.memorylimiter;

import io.meshlens.component.ConsumerException;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsDropHint;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.ProcessorsConfigs;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** memory_limiter never changes data: it passes its next consumer's drop hint on and counts skipped points. */
class MemoryLimiterDropHintTest {
    static final MemoryLimiterConfig CONFIG = new MemoryLimiterConfig(Duration.ofHours(1), 1, 0, 0, 0, Duration.ZERO,
            Duration.ZERO);

    /** A consumer that drops metrics named "x". */
    static final class DropsX implements MetricsConsumer {
        @Override
        public void consumeMetrics(MetricBatch batch) {
        }

        @Override
        public MetricsDropHint dropHint() {
            return h -> h.name().equals("x");
        }
    }

    static MetricBatch skippedOnly(int points) {
        MetricBatch b = new MetricBatch();
        b.skipped().add(Metric.gauge("x", "", "", new NumberPoints(0)), points);
        return b;
    }

    @Test
    void passesTheNextHintOnAndCountsSkippedPointsAsAccepted() {
        Telemetry t = new Telemetry();
        MemoryLimiterProcessor p = MemoryLimiterProcessorFactory.withLimits(ProcessorsConfigs.settings("memory_limiter", t),
                CONFIG, new MemoryLimits(Long.MAX_VALUE / 2, 0), new DropsX());
        assertThat(p.dropHint().drops(Metric.gauge("x", "", "", new NumberPoints(0)))).isTrue();
        assertThat(MemoryLimiterProcessorFactory.withLimits(ProcessorsConfigs.settings("memory_limiter", t), CONFIG,
                new MemoryLimits(Long.MAX_VALUE / 2, 0), b -> { }).dropHint()).as("next has none").isNull();

        p.consumeMetrics(skippedOnly(4));
        assertThat(t.sum("otelcol_processor_accepted_metric_points", MemoryLimiterProcessorTest.LABEL)).isEqualTo(4);
    }

    @Test
    void refusedBatchesCountTheirSkippedPointsAsRefused() {
        Telemetry t = new Telemetry();
        MemoryLimiterProcessor p = MemoryLimiterProcessorFactory.withLimits(ProcessorsConfigs.settings("memory_limiter", t),
                CONFIG, new MemoryLimits(1, 0), new DropsX());
        p.limiter().check();
        assertThat(p.limiter().mustRefuse()).isTrue();
        assertThatThrownBy(() -> p.consumeMetrics(skippedOnly(6))).isInstanceOf(ConsumerException.class);
        assertThat(t.sum("otelcol_processor_refused_metric_points", MemoryLimiterProcessorTest.LABEL)).isEqualTo(6);
    }
}
