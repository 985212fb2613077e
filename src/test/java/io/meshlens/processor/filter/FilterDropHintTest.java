package io.meshlens.processor.filter;

import io.meshlens.component.MetricsDropHint;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.Temporality;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static io.meshlens.processor.filter.FilterTesting.names;
import static org.assertj.core.api.Assertions.assertThat;

/** The filter's pushdown: when it offers a drop hint, what the hint says, and how skipped metrics are counted. */
class FilterDropHintTest {
    @TempDir
    Path dir;

    final Telemetry telemetry = new Telemetry();
    final FilterTesting.Recorder next = new FilterTesting.Recorder();

    MetricsProcessor processor(String yaml, io.meshlens.component.MetricsConsumer to) {
        return new FilterProcessorFactory().createMetrics(FilterTesting.settings(telemetry),
                FilterTesting.config(dir, yaml), to);
    }

    static Metric gauge(String name) {
        return Metric.gauge(name, "", "", new NumberPoints(0));
    }

    @Test
    void metricConditionsOnTheHeaderAlonePushDown() {
        MetricsDropHint hint = processor("metrics:\n  metric:\n    - 'name == \"up\"'\n    - 'unit == \"ms\"'", next)
                .dropHint();
        assertThat(hint).isNotNull();
        assertThat(hint.drops(gauge("up"))).isTrue();
        assertThat(hint.drops(Metric.gauge("latency", "", "ms", new NumberPoints(0)))).isTrue();
        assertThat(hint.drops(gauge("requests_total"))).isFalse();
    }

    @Test
    void conditionsReadingMoreThanTheHeaderDoNotPushDown() {
        assertThat(processor("metrics:\n  metric:\n    - 'resource.attributes[\"a\"] == \"b\"'", next).dropHint())
                .as("resource").isNull();
        assertThat(processor("metrics:\n  metric:\n    - 'HasAttrOnDatapoint(\"code\", \"500\")'", next).dropHint())
                .as("points of the metric").isNull();
        assertThat(processor("metrics:\n  metric:\n    - 'name == \"up\"'\n  datapoint:\n    - 'attributes[\"x\"] == \"y\"'",
                next).dropHint()).as("data point conditions").isNull();
        assertThat(processor("metrics:\n  exclude:\n    match_type: strict\n    metric_names: [up]", next).dropHint())
                .as("legacy include/exclude").isNull();
    }

    @Test
    void aHeaderWhoseEvaluationFailsIsNotPushedDownNorLoggedNorThrown() {
        Logger log = Logger.getLogger("filter-test");
        int[] warnings = new int[1];
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                warnings[0]++;
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(h);
        try {
            for (String mode : new String[]{"propagate", "ignore"}) {
                // Errors on "up" only (1 / 0 is evaluated after name == "up" holds); "latency" drops cleanly.
                MetricsDropHint hint = processor("error_mode: " + mode + "\nmetrics:\n  metric:\n"
                        + "    - 'name == \"up\" and 1 / 0 == 0'\n    - 'name == \"latency\"'", next).dropHint();
                assertThat(hint.drops(gauge("up"))).as(mode).isFalse();
                assertThat(hint.drops(gauge("latency"))).as(mode).isTrue();
            }
            assertThat(warnings[0]).isZero();
        } finally {
            log.removeHandler(h);
        }
    }

    @Test
    void chainedFiltersEachCountTheSkippedMetricsTheyDrop() {
        Telemetry second = new Telemetry();
        MetricsProcessor last = new FilterProcessorFactory().createMetrics(FilterTesting.settings(second),
                FilterTesting.config(dir, "metrics:\n  metric:\n    - 'name == \"b\"'"), next);
        MetricsProcessor first = processor("metrics:\n  metric:\n    - 'name == \"a\"'", last);
        MetricsDropHint hint = first.dropHint();
        assertThat(hint.drops(gauge("a"))).isTrue();
        assertThat(hint.drops(gauge("b"))).as("the next filter's").isTrue();
        assertThat(hint.drops(gauge("c"))).isFalse();

        MetricBatch batch = new MetricBatch();
        batch.addResource(Attributes.EMPTY).addScope(Scope.EMPTY).metrics()
                .add(Metric.sum("c", "", "", Temporality.CUMULATIVE, true, FilterProcessorTest.points("1", "2")));
        batch.skipped().add(gauge("a"), 3);
        batch.skipped().add(gauge("b"), 5);
        first.consumeMetrics(batch);

        assertThat(names(next.last())).containsExactly("c");
        assertThat(next.last().hasSkipped()).isFalse();
        assertThat(telemetry.sum("otelcol_processor_incoming_items", Attributes.EMPTY)).isEqualTo(10);
        assertThat(telemetry.sum("otelcol_processor_outgoing_items", Attributes.EMPTY)).isEqualTo(7);
        assertThat(telemetry.sum("otelcol_processor_filter_datapoints_filtered", Attributes.EMPTY)).isEqualTo(3);
        assertThat(second.sum("otelcol_processor_incoming_items", Attributes.EMPTY)).isEqualTo(7);
        assertThat(second.sum("otelcol_processor_outgoing_items", Attributes.EMPTY)).isEqualTo(2);
        assertThat(second.sum("otelcol_processor_filter_datapoints_filtered", Attributes.EMPTY)).isEqualTo(5);
    }

    @Test
    void aBatchOfOnlySkippedMetricsForTheNextFilterIsForwarded() {
        MetricsProcessor last = processor("metrics:\n  metric:\n    - 'name == \"b\"'", next);
        MetricsProcessor first = new FilterProcessorFactory().createMetrics(FilterTesting.settings(new Telemetry()),
                FilterTesting.config(dir, "metrics:\n  metric:\n    - 'name == \"a\"'"), last);
        MetricBatch batch = new MetricBatch();
        batch.skipped().add(gauge("b"), 2);
        first.consumeMetrics(batch);
        assertThat(next.batches).as("the last filter dropped everything").isEmpty();
        assertThat(telemetry.sum("otelcol_processor_filter_datapoints_filtered", Attributes.EMPTY)).isEqualTo(2);
    }
}
