package io.meshlens.textparse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SeriesHashTest {

    @Test
    void equalBytesAtDifferentOffsetsHashEqually() {
        byte[] a = "xxfoo{a=\"b\"}yy".getBytes(StandardCharsets.UTF_8);
        byte[] b = "foo{a=\"b\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(SeriesHash.hash(a, 2, b.length)).isEqualTo(SeriesHash.hash(b, 0, b.length));
    }

    @Test
    void hashesAndFingerprintsDistinguishEverySeriesOfTheFixture() throws Exception {
        byte[] body = FixtureTest.fixture();
        Parser p = Parser.text(body);
        Set<Long> hashes = new HashSet<>();
        Set<String> fingerprints = new HashSet<>();
        int series = 0;
        while (p.next() != Entry.EOF) {
            if (p.entry() == Entry.SERIES) {
                series++;
                hashes.add(p.seriesHash());
                SeriesHash.Fingerprint f = p.seriesFingerprint();
                fingerprints.add(f.low() + "/" + f.high());
            }
        }
        assertThat(hashes).hasSize(series);
        assertThat(fingerprints).hasSize(series);
    }

    @Test
    void everyByteAndTheLengthMatter() {
        byte[] b = new byte[37];
        long base = SeriesHash.hash(b, 0, b.length);
        Set<Long> seen = new HashSet<>();
        seen.add(base);
        for (int i = 0; i < b.length; i++) {
            b[i] = 1;
            seen.add(SeriesHash.hash(b, 0, b.length));
            b[i] = 0;
        }
        seen.add(SeriesHash.hash(b, 0, b.length - 1));
        assertThat(seen).hasSize(b.length + 2);
    }

    @Test
    void fingerprintIsMurmur3X64Of128BitsForEveryTailLength() {
        java.util.Random r = new java.util.Random(7);
        SeriesHash.Fingerprint f = new SeriesHash.Fingerprint();
        for (int len = 0; len <= 70; len++) {
            byte[] b = new byte[len + 3];
            r.nextBytes(b);
            // Guava's implementation as the reference: h1 then h2, little-endian.
            byte[] want = com.google.common.hash.Hashing.murmur3_128().hashBytes(b, 3, len).asBytes();
            java.nio.ByteBuffer w = java.nio.ByteBuffer.wrap(want).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            f.of(b, 3, len);
            assertThat(f.low()).as("h1 of %d bytes", len).isEqualTo(w.getLong(0));
            assertThat(f.high()).as("h2 of %d bytes", len).isEqualTo(w.getLong(8));
        }
    }
}
