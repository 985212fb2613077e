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
 * <p>A body can be parsed while it arrives ({@link #streamTo}): when the buffer is full, the whole
 * lines in it go to the {@link Streamer} (the target's parser) and the rest moves to the front. A
 * hub proxy (one that talks to every pod: a Prometheus, an ingress, the collector's own) prints
 * tens of MB; read whole, each of its scrapes took a buffer of that size, 42% of all the bytes
 * meshlens allocated at 1,000 targets (JFR, docs/performance.md). The scrape loop streams every
 * body; one that fits its buffer is parsed once it is complete, as before.
 *
 * <p>Outsized bodies stay out of the pool: a body read whole that grew past
 * {@link #MAX_POOLED_CAPACITY} (before streaming, at N = 1,000 eleven 32 MB hub buffers, half the
 * live heap, ended up pooled) gets a buffer of its own and is left to the GC afterwards.
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

    /**
     * The largest buffer a streamed body is read into (see {@link #streamTo}): a Linkerd page
     * (~130-200 KB) still fits whole; a hub page goes through it in windows.
     */
    static final int STREAM_WINDOW = 256 * 1024;

    private byte[] bytes;
    private int length;
    private String contentType = "";
    /** Takes whole lines when the buffer is full; null: the body is read whole. */
    private Streamer streamer;
    /** Bytes of this body already handed to the streamer and dropped from the buffer. */
    private long streamed;

    /** Parses whole lines of a body that is still arriving (the target's {@link TargetScraper}). */
    interface Streamer {
        /** Takes {@code body.bytes()[0, end)}: whole lines, the last one ending with its line break. */
        void consume(ScrapeBody body, int end) throws ScrapeException;
    }

    /**
     * A streamer's failure (a malformed line, the sample limit), carried out of {@link #ensure},
     * which the reading code calls; whoever reads the body unwraps it.
     */
    static final class StreamFailed extends RuntimeException {
        StreamFailed(ScrapeException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        ScrapeException scrapeException() {
            return (ScrapeException) getCause();
        }
    }

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
        b.streamed = 0;
        b.streamer = null;
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
        this.streamed = 0;
        this.contentType = contentType == null ? "" : contentType;
    }

    /**
     * From now on, when the buffer is full, hands its whole lines to {@code s} and keeps reading
     * into the space they leave. {@link #length()} is then what is left in the buffer and
     * {@link #received()} the body's size so far; a failure of {@code s} comes out of
     * {@link #ensure} as {@link StreamFailed}.
     */
    void streamTo(Streamer s) {
        streamer = s;
    }

    @Override
    public long received() {
        return streamed + length;
    }

    /**
     * Makes room for {@code n} more bytes and returns the buffer; caller writes at {@link #length()}.
     * A streamed body makes room by handing on its whole lines, then for at least
     * {@code min(n, READ_CHUNK)} bytes; it grows only for a line longer than the buffer.
     */
    @Override
    public byte[] ensure(int n) {
        if (length + n <= bytes.length) {
            return bytes;
        }
        if (streamer == null) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            return bytes;
        }
        int want = Math.min(n, READ_CHUNK);
        if (length + want <= bytes.length || (handOnLines() && length + want <= bytes.length)) {
            return bytes;
        }
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + want));
        return bytes;
    }

    /** Hands the whole lines in the buffer to the streamer and moves the rest to the front; false if there are none. */
    private boolean handOnLines() {
        int end = length;
        while (end > 0 && bytes[end - 1] != '\n') {
            end--;
        }
        if (end == 0) {
            return false;
        }
        try {
            streamer.consume(this, end);
        } catch (ScrapeException e) {
            throw new StreamFailed(e);
        }
        System.arraycopy(bytes, end, bytes, 0, length - end);
        length -= end;
        streamed += end;
        return true;
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
