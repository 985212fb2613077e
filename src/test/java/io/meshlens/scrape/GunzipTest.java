package io.meshlens.scrape;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GunzipTest {
    private static byte[] gzip(String text) throws Exception {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(bo)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bo.toByteArray();
    }

    private static String inflate(byte[] gz, long limit) throws ScrapeException {
        ScrapeBody out = ScrapeBody.borrow(0);
        Gunzip.inflate(gz, 0, gz.length, limit, out);
        return new String(out.bytes(), 0, out.length(), StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            bo.writeBytes(p);
        }
        return bo.toByteArray();
    }

    @Test
    void decodesAPageLargerThanTheBufferItStartsWith() throws Exception {
        String page = "request_total{direction=\"inbound\",target_addr=\"10.0.0.1:8080\"} 12345\n".repeat(20_000);
        assertThat(inflate(gzip(page), 0)).isEqualTo(page);
    }

    @Test
    void decodesEveryMemberOfAMultiMemberStream() throws Exception {
        assertThat(inflate(concat(gzip("a 1\n"), gzip("b 2\n"), gzip("")), 0)).isEqualTo("a 1\nb 2\n");
    }

    @Test
    void honoursExtraNameCommentAndHeaderCrcFields() throws Exception {
        byte[] plain = gzip("up 1\n");
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        h.write(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3});
        h.write(new byte[] {3, 0, 'x', 'y', 'z'}); // FEXTRA: length 3
        h.writeBytes("page.txt\0".getBytes(StandardCharsets.ISO_8859_1));
        h.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1));
        CRC32 crc = new CRC32();
        crc.update(h.toByteArray());
        h.write((int) crc.getValue() & 0xff);
        h.write((int) (crc.getValue() >> 8) & 0xff);
        byte[] withFields = concat(h.toByteArray(), Arrays.copyOfRange(plain, 10, plain.length));
        assertThat(inflate(withFields, 0)).isEqualTo("up 1\n");

        withFields[h.size() - 1] ^= 1;
        assertThatThrownBy(() -> inflate(withFields, 0)).hasMessage("gzip: invalid header");
    }

    @Test
    void aWrongChecksumOrSizeIsAnError() throws Exception {
        byte[] gz = gzip("up 1\n");
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 1;
        assertThatThrownBy(() -> inflate(badCrc, 0)).hasMessage("gzip: invalid checksum");
        byte[] badSize = gz.clone();
        badSize[gz.length - 4] ^= 1;
        assertThatThrownBy(() -> inflate(badSize, 0)).hasMessage("gzip: invalid checksum");
    }

    @Test
    void truncatedAndForeignInputAreErrors() throws Exception {
        byte[] gz = gzip("up 1\n".repeat(100));
        assertThatThrownBy(() -> inflate(Arrays.copyOf(gz, gz.length - 12), 0)).hasMessage("unexpected EOF");
        assertThatThrownBy(() -> inflate(Arrays.copyOf(gz, gz.length - 3), 0)).hasMessage("unexpected EOF");
        assertThatThrownBy(() -> inflate("up 1\nup 2\nup 3\n".getBytes(StandardCharsets.UTF_8), 0))
                .hasMessage("gzip: invalid header");
        assertThatThrownBy(() -> inflate(concat(gz, new byte[] {0, 0}), 0)).hasMessage("unexpected EOF");
        byte[] corrupt = gz.clone();
        for (int i = 10; i < 20; i++) {
            corrupt[i] = (byte) 0xff;
        }
        assertThatThrownBy(() -> inflate(corrupt, 0)).hasMessageStartingWith("flate: corrupt input");
    }

    @Test
    void theLimitCountsDecompressedBytes() throws Exception {
        byte[] gz = gzip("x 1\n".repeat(10_000)); // 40,000 bytes that compress to a few hundred
        assertThat(gz.length).isLessThan(1024);
        assertThatThrownBy(() -> inflate(gz, 1024)).hasMessage("body size limit exceeded (1024 bytes)");
        assertThat(inflate(gz, 40_000)).hasSize(40_000);
    }
}
