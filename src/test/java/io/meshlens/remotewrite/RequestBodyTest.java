package io.meshlens.remotewrite;

import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RequestBodyTest {
    private static final byte[] SRC = new byte[10_000];

    @Test
    void aReleasedArrayIsTakenForABodyItFitsWithAtMostAQuarterToSpare() {
        RequestBody.Pool pool = new RequestBody.Pool();
        RequestBody a = pool.copyOf(SRC, 8_000);
        assertThat(a.bytes()).hasSize(9_000); // an eighth of room for the next, slightly larger request
        a.release();
        assertThat(pool.copyOf(SRC, 9_000).bytes()).as("fits exactly").isSameAs(a.bytes());

        RequestBody b = pool.copyOf(SRC, 8_000);
        b.release();
        assertThat(pool.copyOf(SRC, 9_001).bytes()).as("too small").isNotSameAs(b.bytes());
        assertThat(pool.copyOf(SRC, 6_000).bytes()).as("would waste a third").isNotSameAs(b.bytes());
        assertThat(pool.copyOf(SRC, 7_000).bytes()).isSameAs(b.bytes());
    }

    @Test
    void thePoolKeepsTheMostRecentlyReleasedFewArrays() {
        RequestBody.Pool pool = new RequestBody.Pool();
        RequestBody[] out = new RequestBody[RequestBody.Pool.KEEP + 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = pool.copyOf(SRC, 1_000 + 100 * i);
        }
        for (RequestBody b : out) {
            b.release();
        }
        int lastKept = IntStream.range(2, out.length).map(i -> out[i].bytes().length).sum();
        assertThat(pool.freeBytes()).as("the two released first are dropped").isEqualTo(lastKept);
        RequestBody.of(new byte[3]).release(); // a body of no pool: nothing to give back
        assertThat(pool.freeBytes()).isEqualTo(lastKept);
    }
}
