package io.meshlens.remotewrite;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SharedLabelsTest {
    @Test
    void equalLabelsGetOneArrayAndOtherLabelsTheirOwn() {
        SharedLabels shared = new SharedLabels(10);

        byte[] le10 = shared.label("le", "10");

        assertThat(shared.label("le", "1" + "0")).isSameAs(le10);
        assertThat(shared.label("le", "100")).isNotSameAs(le10).isEqualTo(SeriesRef.encodeLabel("le", "100"));
        assertThat(shared.label("quantile", "10")).isNotSameAs(le10);
    }

    @Test
    void aFullTableIsEmptiedAndOnlySharingStartsAnew() {
        SharedLabels shared = new SharedLabels(3);
        byte[] first = shared.label("le", "1");
        shared.label("le", "2");
        shared.label("le", "3");

        byte[] fourth = shared.label("le", "4");

        assertThat(shared.size()).isEqualTo(1);
        assertThat(shared.label("le", "4")).isSameAs(fourth);
        assertThat(shared.label("le", "1")).isNotSameAs(first).isEqualTo(first);
    }
}
