package io.meshlens.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SkippedMetricsTest {
    private static final Metric A = header("a");
    private static final Metric B = header("b");
    private static final Metric C = header("c");

    private static Metric header(String name) {
        return Metric.gauge(name, "", "", new NumberPoints(0));
    }

    private static SkippedMetrics record(SkippedMetrics.Recorder r, Object... headerAndPoints) {
        r.begin();
        for (int i = 0; i < headerAndPoints.length; i += 2) {
            r.add((Metric) headerAndPoints[i], (Integer) headerAndPoints[i + 1]);
        }
        return r.finish();
    }

    private static List<String> entries(SkippedMetrics s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            out.add(s.header(i).name() + "=" + s.points(i));
        }
        return out;
    }

    @Test
    void aRecorderSharesItsArraysWhileTheEntriesRepeat() {
        SkippedMetrics.Recorder r = new SkippedMetrics.Recorder();
        SkippedMetrics one = record(r, A, 3, B, 5);
        SkippedMetrics two = record(r, A, 3, B, 5);
        SkippedMetrics prefix = record(r, A, 3);
        assertThat(entries(two)).containsExactly("a=3", "b=5");
        assertThat(two).isNotSameAs(one);
        assertThat(two.sharesArraysWith(one)).isTrue();
        assertThat(entries(prefix)).containsExactly("a=3");
        assertThat(prefix.sharesArraysWith(one)).isTrue();
    }

    @Test
    void aChangedEntryGetsNewArraysAndLeavesEarlierListsAsTheyWere() {
        SkippedMetrics.Recorder r = new SkippedMetrics.Recorder();
        SkippedMetrics one = record(r, A, 3, B, 5, C, 1);
        SkippedMetrics two = record(r, A, 3, B, 6);
        assertThat(entries(one)).containsExactly("a=3", "b=5", "c=1");
        assertThat(entries(two)).containsExactly("a=3", "b=6");
        assertThat(two.sharesArraysWith(one)).isFalse();
        SkippedMetrics three = record(r, A, 3, B, 6, C, 2, A, 4, B, 1, C, 7, A, 8, B, 9, C, 0);
        assertThat(entries(two)).containsExactly("a=3", "b=6");
        assertThat(entries(three)).containsExactly("a=3", "b=6", "c=2", "a=4", "b=1", "c=7", "a=8", "b=9", "c=0");
        assertThat(record(r, A, 3, B, 6, C, 2).sharesArraysWith(three)).isTrue();
    }

    @Test
    void nothingLeftOutIsNoList() {
        SkippedMetrics.Recorder r = new SkippedMetrics.Recorder();
        record(r, A, 1);
        assertThat(record(r)).isNull();
    }

    @Test
    void changingASharedListChangesNoOtherList() {
        SkippedMetrics.Recorder r = new SkippedMetrics.Recorder();
        SkippedMetrics cleared = record(r, A, 3, B, 5, C, 1);
        SkippedMetrics filtered = record(r, A, 3, B, 5, C, 1);
        SkippedMetrics grown = record(r, A, 3, B, 5, C, 1);
        SkippedMetrics copy = grown.copy();

        cleared.clear();
        assertThat(filtered.removeIf(m -> m == B)).isEqualTo(5);
        grown.add(A, 9);

        assertThat(entries(cleared)).isEmpty();
        assertThat(entries(filtered)).containsExactly("a=3", "c=1");
        assertThat(entries(grown)).containsExactly("a=3", "b=5", "c=1", "a=9");
        assertThat(entries(copy)).containsExactly("a=3", "b=5", "c=1");
        SkippedMetrics next = record(r, A, 3, B, 5, C, 1);
        assertThat(entries(next)).containsExactly("a=3", "b=5", "c=1");
        assertThat(next.sharesArraysWith(copy)).isTrue();
    }

    @Test
    void removingNothingFromASharedListKeepsSharing() {
        SkippedMetrics.Recorder r = new SkippedMetrics.Recorder();
        SkippedMetrics one = record(r, A, 3, B, 5);
        SkippedMetrics two = one.copy();
        assertThat(two.removeIf(m -> false)).isZero();
        assertThat(two.sharesArraysWith(one)).isTrue();
        two.clear();
        two.add(C, 2);
        assertThat(entries(two)).containsExactly("c=2");
        assertThat(entries(one)).containsExactly("a=3", "b=5");
    }
}
