package io.meshlens.processor.batch;

import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.TracesProcessor;
import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.ProcessorsConfigs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

class BatchProcessorTest {
    static final BatchProcessorFactory FACTORY = new BatchProcessorFactory();
    static final Attributes LABEL = Attributes.of("processor", "batch");

    static BatchConfig load(String id, ConfigErrors errors) {
        return FACTORY.parseConfig(ProcessorsConfigs.section(
                ProcessorsConfigs.resource("/processor/batch/config.yaml"), id, errors));
    }

    @Test
    void defaultsAreTheCollectors() {
        ConfigErrors errors = new ConfigErrors();
        assertThat(load("batch", errors)).isEqualTo(new BatchConfig(Duration.ofMillis(200), 8192, 0, List.of(), 1000));
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void customValuesAreRead() {
        ConfigErrors errors = new ConfigErrors();
        assertThat(load("batch/custom", errors))
                .isEqualTo(new BatchConfig(Duration.ofSeconds(10), 10000, 11000, List.of(), 50));
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void invalidSizesAndTimeoutAreReported() {
        ConfigErrors errors = new ConfigErrors();
        load("batch/bad", errors);
        assertThat(errors.errors()).extracting(ConfigError::message).containsExactly(
                "timeout must be greater or equal to 0",
                "send_batch_max_size must be greater or equal to send_batch_size");
        assertThat(errors.errors()).extracting(e -> e.mark().line()).containsExactly(9, 11);
    }

    @Test
    void duplicateMetadataKeysAreCaseInsensitiveAndMetadataKeysWarn() {
        ConfigErrors errors = new ConfigErrors();
        load("batch/meta", errors);
        assertThat(errors.errors()).extracting(ConfigError::message)
                .containsExactly("duplicate entry in metadata_keys: \"tenant\" (case-insensitive)");
        assertThat(errors.warnings()).singleElement().satisfies(w ->
                assertThat(w.message()).startsWith("metadata_keys has no effect"));
    }

    static MetricBatch points(String name, int n) {
        NumberPoints p = new NumberPoints();
        for (int i = 0; i < n; i++) {
            p.addDouble(Attributes.of("i", (long) i), 0, 1, i, 0);
        }
        MetricBatch b = new MetricBatch();
        b.addResource(Attributes.of("service.name", "mesh")).addScope(Scope.EMPTY).metrics()
                .add(Metric.gauge(name, "", "", p));
        return b;
    }

    static int total(List<MetricBatch> got) {
        return got.stream().mapToInt(MetricBatch::pointCount).sum();
    }

    MetricsProcessor start(BatchConfig c, List<MetricBatch> got, Telemetry t) throws Exception {
        MetricsProcessor p = FACTORY.createMetrics(ProcessorsConfigs.settings("batch", t), c,
                b -> got.add(b));
        p.start(null);
        return p;
    }

    @Test
    void sendsWhenSendBatchSizeIsReached() throws Exception {
        List<MetricBatch> got = new ArrayList<>();
        Telemetry t = new Telemetry();
        MetricsProcessor p = start(new BatchConfig(Duration.ofHours(1), 10, 0, List.of(), 1000), got, t);
        p.consumeMetrics(points("a", 4));
        p.consumeMetrics(points("b", 4));
        assertThat(got).isEmpty();
        p.consumeMetrics(points("c", 4));
        assertThat(got).singleElement().satisfies(b -> {
            assertThat(b.pointCount()).isEqualTo(12);
            assertThat(b.resources()).hasSize(3);
        });
        assertThat(t.value("otelcol_processor_batch_batch_size_trigger_send", LABEL)).isEqualTo(1);
        assertThat(t.value("otelcol_processor_batch_batch_send_size", LABEL)).as("histogram count").isEqualTo(1);
        p.shutdown();
    }

    @Test
    void splitsAtSendBatchMaxSizeCuttingAMetricsPointsAndFlushesTheRestOnShutdown() throws Exception {
        List<MetricBatch> got = new ArrayList<>();
        Telemetry t = new Telemetry();
        MetricsProcessor p = start(new BatchConfig(Duration.ofHours(1), 5, 5, List.of(), 1000), got, t);
        MetricBatch in = points("x", 3);
        in.resources().addAll(points("y", 9).resources());
        p.consumeMetrics(in);
        assertThat(got).extracting(MetricBatch::pointCount).containsExactly(5, 5);
        Metric firstY = got.get(0).resources().get(1).scopes().get(0).metrics().get(0);
        assertThat(firstY.name()).isEqualTo("y");
        assertThat(firstY.numberPoints().value(1)).isEqualTo(1);
        Metric secondY = got.get(1).resources().get(0).scopes().get(0).metrics().get(0);
        assertThat(secondY.name()).isEqualTo("y");
        assertThat(secondY.numberPoints().value(0)).isEqualTo(2);
        assertThat(secondY.points().attributes(0).get("i")).isEqualTo(2L);
        p.shutdown();
        assertThat(got).extracting(MetricBatch::pointCount).containsExactly(5, 5, 2);
        assertThat(got.get(2).resources().get(0).scopes().get(0).metrics().get(0).numberPoints().value(1))
                .isEqualTo(8);
        assertThat(t.value("otelcol_processor_batch_batch_size_trigger_send", LABEL)).isEqualTo(2);
    }

    @Test
    void sendsAPartialBatchOnTimeout() throws Exception {
        List<MetricBatch> got = Collections.synchronizedList(new ArrayList<>());
        Telemetry t = new Telemetry();
        MetricsProcessor p = start(new BatchConfig(Duration.ofMillis(50), 1000, 0, List.of(), 1000), got, t);
        p.consumeMetrics(points("a", 3));
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (got.isEmpty() && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(got).singleElement().satisfies(b -> assertThat(b.pointCount()).isEqualTo(3));
        assertThat(t.value("otelcol_processor_batch_timeout_trigger_send", LABEL)).isEqualTo(1);
        p.shutdown();
    }

    @Test
    void timeoutZeroSendsImmediately() throws Exception {
        List<MetricBatch> got = new ArrayList<>();
        MetricsProcessor p = start(new BatchConfig(Duration.ZERO, 8192, 0, List.of(), 1000), got, new Telemetry());
        p.consumeMetrics(points("a", 2));
        assertThat(got).hasSize(1);
        p.shutdown();
    }

    @Test
    void downstreamErrorsAreLoggedNotReturned() throws Exception {
        MetricsProcessor p = FACTORY.createMetrics(ProcessorsConfigs.settings("batch", new Telemetry()),
                new BatchConfig(Duration.ofHours(1), 1, 0, List.of(), 1000), b -> {
                    throw new IllegalStateException("exporter down");
                });
        p.start(null);
        assertThatCode(() -> p.consumeMetrics(points("a", 2))).doesNotThrowAnyException();
        p.shutdown();
    }

    @Test
    void concurrentCallersLoseNothingAndNoBatchExceedsTheMaximum() throws Exception {
        List<MetricBatch> got = Collections.synchronizedList(new ArrayList<>());
        MetricsProcessor p = start(new BatchConfig(Duration.ofMillis(5), 100, 150, List.of(), 1000), got,
                new Telemetry());
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 8; t++) {
                pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        p.consumeMetrics(points("m", 3));
                    }
                });
            }
        }
        p.shutdown();
        assertThat(total(got)).isEqualTo(8 * 500 * 3);
        assertThat(got).allSatisfy(b -> assertThat(b.pointCount()).isBetween(1, 150));
    }

    @Test
    void spansAreBatchedAndSplitBySpanCount() throws Exception {
        List<SpanBatch> got = new ArrayList<>();
        TracesProcessor p = FACTORY.createTraces(ProcessorsConfigs.settings("batch", new Telemetry()),
                new BatchConfig(Duration.ofHours(1), 2, 2, List.of(), 1000), got::add);
        p.start(null);
        SpanBatch b = new SpanBatch();
        SpanBatch.ScopeSpans ss = b.addResource(Attributes.of("service.name", "cart")).addScope(Scope.EMPTY);
        for (int i = 0; i < 5; i++) {
            ss.spans().add(new Span("0".repeat(32), String.format("%016d", i), "", "s" + i, Span.Kind.SERVER, 0, 1,
                    Attributes.EMPTY, null, null, null));
        }
        p.consumeTraces(b);
        assertThat(got).extracting(SpanBatch::spanCount).containsExactly(2, 2);
        p.shutdown();
        assertThat(got).extracting(SpanBatch::spanCount).containsExactly(2, 2, 1);
        assertThat(got.get(2).resources().get(0).scopes().get(0).spans().get(0).name()).isEqualTo("s4");
    }
}
