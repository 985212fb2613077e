package io.meshlens.scrape;

import io.meshlens.http1.Http1Connection;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reusable, growable byte buffer holding one scrape's (decompressed) body. Scrapes borrow one from
 * a process-wide pool for the duration of a scrape, so a steady-state scrape allocates no body-sized
 * arrays, and memory is one buffer per scrape in flight rather than one per target (a Linkerd page
 * is ~200 KB: 1,000 targets holding their own buffer kept ~250 MB alive between scrapes).
 *
 * <p>Outsized bodies stay out of the pool. A hub proxy (one that talks to every pod: a Prometheus,
 * an ingress) prints tens of MB; pooled, its buffer went back to the pool at that size, the hub's
 * next scrape grew another one, and at N = 1,000 eleven 32 MB buffers (370 MB, half the live heap)
 * ended up kept. Such a scrape gets a buffer of its own, sized from the target's previous body so
 * it is read without growth copies, and left to the GC afterwards.
 */
public final class ScrapeBody implements Http1Connection.Sink {
    private static final ConcurrentLinkedDeque<ScrapeBody> POOL = new ConcurrentLinkedDeque<>();
    /** Bodies kept at most: after a burst of slow scrapes (all targets hanging at once) the rest is freed. */
    private static final int POOL_MAX = 64;
    private static final AtomicInteger POOLED = new AtomicInteger();
    /**
     * The fewest bodies the pool held since {@link #lastTrimNanos}: that many were not needed in
     * that time. A burst of concurrent scrapes (start-up, the scrapes due during a long GC pause)
     * leaves dozens of ~200 KB bodies pooled while a steady 1,000 targets need a handful.
     */
    private static final AtomicInteger LOW_WATER = new AtomicInteger();
    private static volatile long lastTrimNanos = System.nanoTime();
    /** How often bodies the pool did not lend are freed. */
    static final long TRIM_PERIOD_NANOS = 30_000_000_000L;
    /** Largest buffer kept in the pool; a Linkerd page is well below it. */
    static final int MAX_POOLED_CAPACITY = 1 << 20;
    private static final int INITIAL_CAPACITY = 64 * 1024;
    /** Room a read loop needs past the body's end ({@code ensure} of one read chunk). */
    static final int READ_CHUNK = Http1Connection.READ_CHUNK;

    private byte[] bytes;
    private int length;
    private String contentType = "";

    ScrapeBody() {
        this(INITIAL_CAPACITY);
    }

    private ScrapeBody(int capacity) {
        bytes = new byte[capacity];
    }

    /**
     * A body from the pool (or a new one; hand it back with {@link #giveBack} when the scrape is
     * done) with room for {@code expectedLength} bytes (the target's previous body, as pages change
     * little between scrapes; 0 when unknown) and a little more, so reading it needs no growth
     * copies. Above {@link #MAX_POOLED_CAPACITY} the body is a new one, not a pooled one.
     */
    static ScrapeBody borrow(int expectedLength) {
        int capacity = expectedLength <= 0 ? 0 : expectedLength + expectedLength / 16 + READ_CHUNK;
        if (capacity > MAX_POOLED_CAPACITY) {
            return new ScrapeBody(capacity);
        }
        trimIfDue(System.nanoTime());
        ScrapeBody b = POOL.pollFirst();
        if (b == null) {
            LOW_WATER.set(0);
            return new ScrapeBody(Math.max(INITIAL_CAPACITY, capacity));
        }
        LOW_WATER.accumulateAndGet(POOLED.decrementAndGet(), Math::min);
        if (b.bytes.length < capacity) {
            b.bytes = new byte[capacity]; // empty: nothing to copy
        }
        return b;
    }

    /**
     * Returns a body to the pool; the most recently returned is lent first (its buffer is warm and
     * sized). A body whose buffer grew past {@link #MAX_POOLED_CAPACITY} is dropped instead.
     */
    static void giveBack(ScrapeBody b) {
        b.length = 0;
        if (b.bytes.length > MAX_POOLED_CAPACITY) {
            return;
        }
        if (POOLED.incrementAndGet() <= POOL_MAX) {
            POOL.offerFirst(b);
        } else {
            POOLED.decrementAndGet();
        }
    }

    /**
     * Once a {@link #TRIM_PERIOD_NANOS period}: frees as many bodies as the pool never went below
     * in it, the least recently returned first (the pool lends the most recent one).
     */
    static void trimIfDue(long nowNanos) {
        long last = lastTrimNanos;
        if (nowNanos - last < TRIM_PERIOD_NANOS) {
            return;
        }
        synchronized (POOL) {
            if (lastTrimNanos != last) {
                return; // another scrape trimmed
            }
            lastTrimNanos = nowNanos;
            for (int unused = LOW_WATER.get(); unused > 0 && POOL.pollLast() != null; unused--) {
                POOLED.decrementAndGet();
            }
            LOW_WATER.set(POOLED.get());
        }
    }

    /** Bodies in the pool (for tests). */
    static int pooled() {
        return POOLED.get();
    }

    /** The buffer's size: what the body can hold before {@link #ensure} copies. */
    int capacity() {
        return bytes.length;
    }

    public byte[] bytes() {
        return bytes;
    }

    @Override
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
    @Override
    public byte[] ensure(int n) {
        if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
        }
        return bytes;
    }

    @Override
    public void advance(int n) {
        length += n;
    }

    /** For tests and tools: a body from bytes. */
    public static ScrapeBody of(byte[] content, String contentType) {
        ScrapeBody b = new ScrapeBody(Math.max(1, content.length));
        b.reset(contentType);
        b.ensure(content.length);
        System.arraycopy(content, 0, b.bytes, 0, content.length);
        b.advance(content.length);
        return b;
    }
}
