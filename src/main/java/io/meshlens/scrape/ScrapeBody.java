package io.meshlens.scrape;

import java.util.Arrays;

/**
 * A reusable, growable byte buffer holding one scrape's (decompressed) body. Each scrape loop owns
 * one and reuses it every interval, so a steady-state scrape allocates no body-sized arrays.
 */
public final class ScrapeBody {
    private byte[] bytes = new byte[64 * 1024];
    private int length;
    private String contentType = "";

    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public String contentType() {
        return contentType;
    }

    void reset(String contentType) {
        this.length = 0;
        this.contentType = contentType == null ? "" : contentType;
    }

    /** Makes room for {@code n} more bytes and returns the buffer; caller writes at {@link #length()}. */
    byte[] ensure(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        return bytes;
    }

    void advance(int n) {
        length += n;
    }

    /** For tests and tools: a body from bytes. */
    public static ScrapeBody of(byte[] content, String contentType) {
        ScrapeBody b = new ScrapeBody();
        b.reset(contentType);
        b.ensure(content.length);
        System.arraycopy(content, 0, b.bytes, 0, content.length);
        b.advance(content.length);
        return b;
    }
}
