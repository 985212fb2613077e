package io.meshlens.scrape;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reusable, growable byte buffer holding one scrape's (decompressed) body. Scrapes borrow one from
 * a process-wide pool for the duration of a scrape, so a steady-state scrape allocates no body-sized
 * arrays, and memory is one buffer per scrape in flight rather than one per target (a Linkerd page
 * is ~200 KB: 1,000 targets holding their own buffer kept ~250 MB alive between scrapes).
 */
public final class ScrapeBody {
    private static final ConcurrentLinkedDeque<ScrapeBody> POOL = new ConcurrentLinkedDeque<>();
    /** Bodies kept at most: after a burst of slow scrapes (all targets hanging at once) the rest is freed. */
    private static final int POOL_MAX = 64;
    private static final AtomicInteger POOLED = new AtomicInteger();

    private byte[] bytes = new byte[64 * 1024];
    private int length;
    private String contentType = "";

    /** A body from the pool (or a new one); hand it back with {@link #giveBack} when the scrape is done. */
    static ScrapeBody borrow() {
        ScrapeBody b = POOL.pollFirst();
        if (b == null) {
            return new ScrapeBody();
        }
        POOLED.decrementAndGet();
        return b;
    }

    /** Returns a body to the pool; the most recently returned is lent first (its buffer is warm and sized). */
    static void giveBack(ScrapeBody b) {
        b.length = 0;
        if (POOLED.incrementAndGet() <= POOL_MAX) {
            POOL.offerFirst(b);
        } else {
            POOLED.decrementAndGet();
        }
    }

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
