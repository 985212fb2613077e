package io.meshlens.telemetry;

import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsDropHint;
import io.meshlens.model.Attributes;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.Temporality;
import io.meshlens.telemetry.CardinalityTracker.StageCount;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CardinalityTrackerTest {
    private static MetricBatch batch(String pod, int seriesPerGauge) {
        MetricBatch b = new MetricBatch();
        var scope = b.addResource(Attributes.of("k8s.pod.name", pod)).addScope(Scope.EMPTY);
        NumberPoints p = new NumberPoints();
        for (int i = 0; i < seriesPerGauge; i++) {
            p.addDouble(Attributes.of("target_port", Integer.toString(i)), 0, 1, 1, 0);
        }
        scope.metrics().add(Metric.gauge("tcp_open_connections", "", "", p));
        HistogramPoints h = new HistogramPoints();
        h.add(Attributes.of("direction", "inbound"), 0, 1, 3, 12, new double[]{1, 5, 10}, new long[]{1, 1, 1, 0}, 0);
        scope.metrics().add(Metric.histogram("response_latency_ms", "", "", Temporality.CUMULATIVE, h));
        return b;
    }

    @Test
    void countsDistinctNamesAndSeriesAcrossBatchesAndTheirPrometheusShape() {
        CardinalityTracker t = new CardinalityTracker();
        t.enable(60_000);
        var stage = t.stage("metrics/mesh", "receivers");
        stage.record(batch("ad-1", 3));
        stage.record(batch("ad-1", 3)); // the next scrape of the same series
        stage.record(batch("cart-1", 2));
        StageCount c = t.snapshot().get("metrics/mesh").getFirst();
        assertThat(c.names()).isEqualTo(2);
        // histogram → _bucket, _count, _sum
        assertThat(c.promNames()).isEqualTo(4);
        assertThat(c.series()).isEqualTo(3 + 1 + 2 + 1);
        // each histogram stream: 4 buckets (le incl. +Inf) + count + sum
        assertThat(c.promSeries()).isEqualTo(3 + 6 + 2 + 6);
        assertThat(c.saturated()).isFalse();
    }

    @Test
    void disabledTrackerCountsNothing() {
        CardinalityTracker t = new CardinalityTracker();
        t.stage("p", "receivers").record(batch("ad-1", 3));
        assertThat(t.snapshot().get("p").getFirst().series()).isZero();
    }

    @Test
    void seriesBeyondTheBoundSaturateInsteadOfGrowing() {
        CardinalityTracker t = new CardinalityTracker();
        t.enable(60_000);
        t.stage("p", "receivers").record(batch("ad-1", CardinalityTracker.MAX_SERIES + 10));
        StageCount c = t.snapshot().get("p").getFirst();
        assertThat(c.series()).isEqualTo(CardinalityTracker.MAX_SERIES);
        assertThat(c.saturated()).isTrue();
    }

    @Test
    void oneTrackerPerTelemetry() {
        Telemetry a = new Telemetry();
        assertThat(CardinalityTracker.of(a)).isSameAs(CardinalityTracker.of(a))
                .isNotSameAs(CardinalityTracker.of(new Telemetry()));
    }

    @Test
    void aStagePassesTheDropHintOnOnlyWhileNotCounting() {
        CardinalityTracker t = new CardinalityTracker();
        MetricsConsumer dropsAll = new MetricsConsumer() {
            @Override
            public void consumeMetrics(MetricBatch batch) {
            }

            @Override
            public MetricsDropHint dropHint() {
                return h -> true;
            }
        };
        Metric header = Metric.gauge("x", "", "", new NumberPoints(0));
        MetricsDropHint hint = t.wrap("metrics", "receivers", dropsAll).dropHint();
        assertThat(hint.drops(header)).isTrue();
        t.enable(60_000);
        assertThat(hint.drops(header)).as("a left-out metric has no series to count").isFalse();
        assertThat(t.wrap("metrics", "receivers", batch -> { }).dropHint()).isNull();
    }
}
