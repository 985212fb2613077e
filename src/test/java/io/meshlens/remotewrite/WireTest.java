package io.meshlens.remotewrite;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class WireTest {
    @Test
    void varintSizeIsTheNumberOfBytesPutVarintWrites() {
        Random r = new Random(7);
        byte[] out = new byte[16];
        long[] edges = {0, 1, 0x7F, 0x80, 0x3FFF, 0x4000, 1_764_998_400_000L, Long.MAX_VALUE, -1, Long.MIN_VALUE};
        for (long v : edges) {
            assertThat(Wire.varintSize(v)).as("%d", v).isEqualTo(Wire.putVarint(out, 0, v));
        }
        for (int i = 0; i < 10_000; i++) {
            long v = r.nextLong() >>> r.nextInt(64);
            assertThat(Wire.varintSize(v)).as("%d", v).isEqualTo(Wire.putVarint(out, 0, v));
        }
    }

    @Test
    void fixed64IsLittleEndianAtAnyOffset() {
        byte[] out = new byte[12];
        assertThat(Wire.putFixed64(out, 3, 0x0102030405060708L)).isEqualTo(11);
        assertThat(out).containsExactly(0, 0, 0, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    }
}
