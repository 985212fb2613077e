package io.meshlens.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DataPointsTest {
    private static final Attributes A = Attributes.of("k", "a");
    private static final Attributes B = Attributes.of("k", "b");

    private static NumberPoints points(int n, long start, long time, int flags) {
        NumberPoints p = new NumberPoints(n);
        for (int i = 0; i < n; i++) {
            p.addDouble(i % 2 == 0 ? A : B, start, time, i, flags);
        }
        return p;
    }

    @Test
    void pointsWithOneTimeStartAndFlagsNeedNoPerPointColumns() {
        NumberPoints p = points(4, 10, 20, HistogramPoints.FLAG_HAS_SUM);
        assertThat(p.columnsUniform()).isTrue();
        for (int i = 0; i < 4; i++) {
            assertThat(p.startTimeNanos(i)).isEqualTo(10);
            assertThat(p.timeNanos(i)).isEqualTo(20);
            assertThat(p.flags(i)).isEqualTo(HistogramPoints.FLAG_HAS_SUM);
        }
    }

    @Test
    void aPointThatDiffersKeepsEveryOtherPointsValues() {
        NumberPoints p = points(3, 10, 20, 0);
        p.addDouble(A, 11, 21, 3, DataPoints.FLAG_NO_RECORDED_VALUE);
        p.addDouble(B, 10, 20, 4, 0);
        assertThat(p.columnsUniform()).isFalse();
        for (int i = 0; i < 5; i++) {
            boolean odd = i == 3;
            assertThat(p.startTimeNanos(i)).isEqualTo(odd ? 11 : 10);
            assertThat(p.timeNanos(i)).isEqualTo(odd ? 21 : 20);
            assertThat(p.noRecordedValue(i)).isEqualTo(odd);
            assertThat(p.value(i)).isEqualTo(i);
        }
    }

    @Test
    void settersChangeOnlyTheirPoint() {
        NumberPoints p = points(3, 10, 20, 0);
        p.setTimeNanos(1, 99);
        p.setStartTimeNanos(2, 5);
        p.setFlags(0, DataPoints.FLAG_NO_RECORDED_VALUE);
        assertThat(new long[] {p.timeNanos(0), p.timeNanos(1), p.timeNanos(2)}).containsExactly(20, 99, 20);
        assertThat(new long[] {p.startTimeNanos(0), p.startTimeNanos(1), p.startTimeNanos(2)}).containsExactly(10, 10, 5);
        assertThat(new int[] {p.flags(0), p.flags(1), p.flags(2)}).containsExactly(1, 0, 0);

        NumberPoints one = points(1, 10, 20, 0);
        one.setTimeNanos(0, 30);
        assertThat(one.timeNanos(0)).isEqualTo(30);
        assertThat(one.columnsUniform()).isTrue();
    }

    @Test
    void removeIfAndGrowKeepPerPointValues() {
        NumberPoints p = new NumberPoints(1);
        for (int i = 0; i < 10; i++) {
            p.addDouble(A, i < 5 ? 0 : i, 100 + i, i, i % 3 == 0 ? DataPoints.FLAG_NO_RECORDED_VALUE : 0);
        }
        p.removeIf(i -> i % 2 == 0);
        assertThat(p.size()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            int was = 2 * i + 1;
            assertThat(p.value(i)).isEqualTo(was);
            assertThat(p.startTimeNanos(i)).isEqualTo(was < 5 ? 0 : was);
            assertThat(p.timeNanos(i)).isEqualTo(100 + was);
            assertThat(p.noRecordedValue(i)).isEqualTo(was % 3 == 0);
        }
        // Emptied and refilled: the first point defines the values again.
        p.removeIf(i -> true);
        p.addDouble(B, 7, 8, 9, 0);
        assertThat(p.startTimeNanos(0)).isEqualTo(7);
        assertThat(p.timeNanos(0)).isEqualTo(8);
        assertThat(p.flags(0)).isZero();
    }

    @Test
    void copyAndAppendFromCarryTimesAndFlags() {
        NumberPoints p = points(3, 10, 20, 0);
        p.setTimeNanos(2, 25);
        NumberPoints c = (NumberPoints) p.copy();
        assertThat(new long[] {c.timeNanos(0), c.timeNanos(1), c.timeNanos(2)}).containsExactly(20, 20, 25);
        assertThat(c.startTimeNanos(2)).isEqualTo(10);
    }

    @Test
    void histogramMinMaxIsStoredOnlyWhenSetAndCopied() {
        HistogramPoints h = new HistogramPoints(2);
        double[] bounds = {1, 10};
        h.add(A, 1, 2, 3, 4.5, bounds, new long[] {1, 1, 1}, HistogramPoints.FLAG_HAS_SUM);
        h.add(B, 1, 2, 3, 4.5, bounds, new long[] {1, 1, 1}, HistogramPoints.FLAG_HAS_SUM);
        h.setMinMax(1, 0.5, 12);
        assertThat(h.min(0)).isZero();
        assertThat(h.max(0)).isZero();
        assertThat(h.flags(0)).isEqualTo(HistogramPoints.FLAG_HAS_SUM);
        assertThat(h.flags(1)).isEqualTo(HistogramPoints.FLAG_HAS_SUM | HistogramPoints.FLAG_HAS_MIN
                | HistogramPoints.FLAG_HAS_MAX);
        HistogramPoints c = (HistogramPoints) h.copy();
        assertThat(c.flags(0)).isEqualTo(HistogramPoints.FLAG_HAS_SUM);
        assertThat(c.min(1)).isEqualTo(0.5);
        assertThat(c.max(1)).isEqualTo(12);
        assertThat(c.flags(1)).isEqualTo(h.flags(1));
        c.removeIf(i -> i == 0);
        assertThat(c.min(0)).isEqualTo(0.5);
        assertThat(c.hasSum(0)).isTrue();
    }
}
