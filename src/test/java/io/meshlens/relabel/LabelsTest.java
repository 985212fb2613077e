package io.meshlens.relabel;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LabelsTest {
    @Test
    void sortsByNameAndPrintsLikePrometheus() {
        Labels l = Labels.of("job", "mesh", "__address__", "a:1", "instance", "say \"hi\"");
        assertThat(l.toString()).isEqualTo("{__address__=\"a:1\", instance=\"say \\\"hi\\\"\", job=\"mesh\"}");
        assertThat(l.size()).isEqualTo(3);
        assertThat(l.get("absent")).isEmpty();
    }

    @Test
    void builderSetDeleteAndEmptyValueDeletes() {
        Labels base = Labels.of("a", "1", "b", "2");
        Labels.Builder b = base.toBuilder().set("c", "3").del("a").set("b", "");
        assertThat(b.get("c")).isEqualTo("3");
        assertThat(b.get("a")).isEmpty();
        assertThat(b.labels()).isEqualTo(Labels.of("c", "3"));
        assertThat(b.reset(base).set("a", "x").del("a").set("a", "y").labels()).isEqualTo(Labels.of("a", "y", "b", "2"));
    }

    @Test
    void unchangedBuilderReturnsTheSameInstance() {
        Labels base = Labels.of("a", "1");
        assertThat(base.toBuilder().labels()).isSameAs(base);
    }

    @Test
    void equalSetsHaveEqualHashes() {
        assertThat(Labels.of("a", "1", "b", "2")).isEqualTo(Labels.of("b", "2", "a", "1"))
                .hasSameHashCodeAs(Labels.of("b", "2", "a", "1"));
    }

    @Test
    void namesOrderByCodePointLikeGo() {
        // U+FF21 (fullwidth A) sorts before U+1F600 (a surrogate pair) in UTF-8, not in UTF-16.
        assertThat(Labels.compareNames("\uFF21", "\uD83D\uDE00")).isNegative();
        assertThat(Labels.compareNames("a", "b")).isNegative();
    }
}
