package io.meshlens.processor.filter;

import io.meshlens.component.ConsumerException;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.model.Attributes;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.Temporality;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.meshlens.processor.filter.FilterTesting.names;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FilterProcessorTest {
    @TempDir
    Path dir;

    final Telemetry telemetry = new Telemetry();
    final FilterTesting.Recorder next = new FilterTesting.Recorder();

    MetricsProcessor processor(String yaml) {
        return new FilterProcessorFactory().createMetrics(FilterTesting.settings(telemetry),
                FilterTesting.config(dir, yaml), next);
    }

    static NumberPoints points(String... codes) {
        NumberPoints p = new NumberPoints();
        for (String c : codes) {
            p.addDouble(Attributes.of("code", c), 0, 1, 1, 0);
        }
        return p;
    }

    /** Two resources; the first has a gauge "up" and a counter "requests_total", the second a histogram. */
    static MetricBatch batch() {
        MetricBatch b = new MetricBatch();
        ScopeMetrics a = b.addResource(Attributes.of("service.name", "linkerd-mesh")).addScope(Scope.EMPTY);
        a.metrics().add(Metric.gauge("up", "", "", points("x")));
        a.metrics().add(Metric.sum("requests_total", "", "", Temporality.CUMULATIVE, true, points("200", "500", "503")));
        ScopeMetrics h = b.addResource(Attributes.of("service.name", "app")).addScope(Scope.EMPTY);
        HistogramPoints hp = new HistogramPoints();
        hp.add(Attributes.EMPTY, 0, 1, 0, 0, new double[]{1}, new long[]{0, 0}, 0);
        h.metrics().add(Metric.histogram("latency", "", "ms", Temporality.CUMULATIVE, hp));
        return b;
    }

    double counter(String name) {
        return telemetry.sum(name, Attributes.EMPTY);
    }

    @Test
    void trueMetricConditionDropsTheWholeMetric() {
        processor("metrics:\n  metric:\n    - 'name == \"up\"'\n    - 'type == METRIC_DATA_TYPE_HISTOGRAM'")
                .consumeMetrics(batch());
        MetricBatch out = next.last();
        assertThat(names(out)).containsExactly("requests_total");
        assertThat(out.resources()).hasSize(1); // the app resource lost its only metric
        assertThat(out.pointCount()).isEqualTo(3);
        assertThat(counter("otelcol_processor_filter_datapoints_filtered")).isEqualTo(2);
        assertThat(counter("otelcol_processor_incoming_items")).isEqualTo(5);
        assertThat(counter("otelcol_processor_outgoing_items")).isEqualTo(3);
    }

    @Test
    void datapointConditionsDropPointsAndEmptiedMetrics() {
        processor("metrics:\n  datapoint:\n    - 'IsMatch(attributes[\"code\"], \"^5\")'\n    - 'attributes[\"code\"] == \"x\"'")
                .consumeMetrics(batch());
        MetricBatch out = next.last();
        assertThat(names(out)).containsExactly("requests_total", "latency");
        Metric requests = out.resources().get(0).scopes().get(0).metrics().get(0);
        assertThat(requests.pointCount()).isEqualTo(1);
        assertThat(requests.points().attributes(0).get("code")).isEqualTo("200");
    }

    @Test
    void metricConditionsRunBeforeDatapointConditions() {
        // The datapoint condition fails to evaluate on up's point only, and is never run there: up is gone already.
        processor("metrics:\n  metric:\n    - 'name == \"up\"'\n  datapoint:\n"
                + "    - 'IsMatch(attributes[\"code\"], \"x\") and 1 / 0 == 0'")
                .consumeMetrics(batch());
        assertThat(names(next.last())).containsExactly("requests_total", "latency");
    }

    @Test
    void nothingLeftMeansNothingForwarded() {
        processor("metrics:\n  metric:\n    - 'true'").consumeMetrics(batch());
        assertThat(next.batches).isEmpty();
        assertThat(counter("otelcol_processor_filter_datapoints_filtered")).isEqualTo(5);
        assertThat(counter("otelcol_processor_outgoing_items")).isZero();
    }

    @Test
    void propagateFailsTheBatchOnAnEvaluationError() {
        MetricsProcessor p = processor("metrics:\n  metric:\n    - 'Len(resource.attributes[\"missing\"]) > 0'");
        assertThatThrownBy(() -> p.consumeMetrics(batch()))
                .isInstanceOfSatisfying(ConsumerException.class, e -> assertThat(e.retryable()).isFalse())
                .hasMessageContaining("processors::filter/test: failed evaluating condition "
                        + "\"Len(resource.attributes[\"missing\"]) > 0\"");
        assertThat(next.batches).isEmpty();
    }

    @Test
    void ignoreAndSilentTreatAFailingConditionAsFalse() {
        for (String mode : new String[]{"ignore", "silent"}) {
            next.batches.clear();
            processor("error_mode: " + mode + "\nmetrics:\n  metric:\n    - 'Len(resource.attributes[\"missing\"]) > 0'"
                    + "\n    - 'name == \"up\"'").consumeMetrics(batch());
            assertThat(names(next.last())).as(mode).containsExactly("requests_total", "latency");
        }
    }

    @Test
    void legacyRegexpIsUnanchoredAndResourceAttributesMustMatch() {
        MetricBatch b = new MetricBatch();
        ScopeMetrics mesh = b.addResource(Attributes.of("service.name", "linkerd-mesh")).addScope(Scope.EMPTY);
        for (String n : new String[]{"prefix_a", "my_prefix_b", "exact", "not_exact", "prefix_drop", "other"}) {
            mesh.metrics().add(Metric.gauge(n, "", "", points("x")));
        }
        ScopeMetrics app = b.addResource(Attributes.of("service.name", "shop")).addScope(Scope.EMPTY);
        app.metrics().add(Metric.gauge("prefix_a", "", "", points("x")));
        processor("""
                metrics:
                  include:
                    match_type: regexp
                    metric_names: [prefix_.*, ^exact$]
                    resource_attributes:
                      - {key: service.name, value: linkerd-.*}
                  exclude:
                    match_type: strict
                    metric_names: [prefix_drop]
                """).consumeMetrics(b);
        assertThat(names(next.last())).containsExactly("prefix_a", "my_prefix_b", "exact");
    }

    @Test
    void metricVerdictsAreMemoizedAndFollowMetadataChanges() {
        FilterProcessor p = (FilterProcessor) processor("metrics:\n  metric:\n    - 'type == METRIC_DATA_TYPE_SUM'");
        MetricBatch first = new MetricBatch();
        first.addResource(Attributes.EMPTY).addScope(Scope.EMPTY).metrics()
                .add(Metric.gauge("x", "", "", points("a")));
        p.consumeMetrics(first);
        assertThat(names(next.last())).containsExactly("x");
        assertThat(p.memoizedVerdicts()).isEqualTo(1);
        // Same name, now a sum: the memo entry no longer fits and the metric is evaluated again.
        MetricBatch second = new MetricBatch();
        second.addResource(Attributes.EMPTY).addScope(Scope.EMPTY).metrics()
                .add(Metric.sum("x", "", "", Temporality.CUMULATIVE, true, points("a")));
        p.consumeMetrics(second);
        assertThat(next.batches).hasSize(1);
    }

    @Test
    void resourceDependentVerdictsAreKeptPerResource() {
        FilterProcessor p = (FilterProcessor) processor(
                "metrics:\n  metric:\n    - 'resource.attributes[\"service.name\"] == \"app\" and name == \"latency\"'");
        for (int i = 0; i < 2; i++) {
            MetricBatch b = batch();
            b.resources().get(0).scopes().get(0).metrics().add(Metric.histogram("latency", "", "ms",
                    Temporality.CUMULATIVE, ((HistogramPoints) b.resources().get(1).scopes().get(0).metrics().get(0)
                            .points().copy())));
            p.consumeMetrics(b);
            assertThat(names(next.last())).containsExactly("up", "requests_total", "latency");
        }
        assertThat(p.memoizedVerdicts()).isEqualTo(4); // 3 metrics of linkerd-mesh + latency of app
    }

    @Test
    void datapointReadingMetricConditionsAreNotMemoized() {
        FilterProcessor p = (FilterProcessor) processor("metrics:\n  metric:\n    - 'HasAttrOnDatapoint(\"code\", \"500\")'");
        MetricBatch b = batch();
        p.consumeMetrics(b);
        assertThat(names(next.last())).containsExactly("up", "requests_total", "latency");
        assertThat(p.memoizedVerdicts()).isZero();
        MetricBatch c = batch();
        ResourceMetrics rm = c.resources().get(0);
        NumberPoints first500 = points("500", "200");
        rm.scopes().get(0).metrics().set(1, Metric.sum("requests_total", "", "", Temporality.CUMULATIVE, true, first500));
        p.consumeMetrics(c);
        assertThat(names(next.last())).containsExactly("up", "latency");
    }

    @Test
    void anEmptyConfigPassesEverything() {
        processor("{}").consumeMetrics(batch());
        assertThat(names(next.last())).containsExactly("up", "requests_total", "latency");
    }
}
