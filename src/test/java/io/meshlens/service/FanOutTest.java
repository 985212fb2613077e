package io.meshlens.service;

import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsDropHint;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FanOutTest {
    /** Records batches; drops (by its hint) the metrics with the given names, or offers no hint when null. */
    static final class Branch implements MetricsConsumer {
        final List<MetricBatch> got = new ArrayList<>();
        final List<String> drops;

        Branch(List<String> drops) {
            this.drops = drops;
        }

        @Override
        public void consumeMetrics(MetricBatch batch) {
            got.add(batch);
        }

        @Override
        public MetricsDropHint dropHint() {
            return drops == null ? null : h -> drops.contains(h.name());
        }
    }

    static Metric header(String name) {
        return Metric.gauge(name, "", "", new NumberPoints(0));
    }

    @Test
    void aMetricIsDroppableOnlyIfEveryBranchDropsIt() {
        MetricsDropHint hint = FanOut.metrics(List.of(new Branch(List.of("a", "b")), new Branch(List.of("b", "c"))))
                .dropHint();
        assertThat(hint.drops(header("a"))).isFalse();
        assertThat(hint.drops(header("b"))).isTrue();
        assertThat(hint.drops(header("c"))).isFalse();
    }

    @Test
    void aBranchWithoutHintMeansNoHint() {
        assertThat(FanOut.metrics(List.of(new Branch(List.of("a")), new Branch(null))).dropHint()).isNull();
        assertThat(FanOut.metrics(List.of(new Branch(List.of("a")))).dropHint()).isNotNull();
    }

    @Test
    void everyBranchGetsTheSkippedMetrics() {
        Branch x = new Branch(List.of("b"));
        Branch y = new Branch(List.of("b"));
        MetricBatch batch = new MetricBatch();
        batch.skipped().add(header("b"), 3);
        FanOut.metrics(List.of(x, y)).consumeMetrics(batch);
        assertThat(x.got.getFirst().skipped().pointCount()).isEqualTo(3);
        assertThat(y.got.getFirst().skipped().pointCount()).isEqualTo(3);
        assertThat(x.got.getFirst().skipped()).isNotSameAs(y.got.getFirst().skipped());
    }
}
