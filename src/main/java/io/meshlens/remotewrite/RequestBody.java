package io.meshlens.remotewrite;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;

/**
 * One remote-write request body, {@code bytes()[0, length())}: a snappy-compressed WriteRequest.
 *
 * <p>The encoder writes bodies into arrays it takes from a small {@link Pool}; whoever is done
 * with a body (sent, written to the WAL, dropped) {@link #release}s it and the array is used for a
 * later request, so a steady export allocates no request arrays. A body not released is left to the
 * garbage collector, which is always safe; releasing one that is still read is not.
 */
public final class RequestBody {
    private final byte[] bytes;
    private final int length;
    private Pool pool;

    private RequestBody(byte[] bytes, int length, Pool pool) {
        this.bytes = bytes;
        this.length = length;
        this.pool = pool;
    }

    /** The whole array as a body of no pool (read back from the WAL, tests). */
    public static RequestBody of(byte[] bytes) {
        return new RequestBody(bytes, bytes.length, null);
    }

    /** The array; only its first {@link #length()} bytes are the body. */
    public byte[] bytes() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** The body as an array of its own. */
    public byte[] toArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** {@link #release}s every body of a push. */
    public static void releaseAll(List<RequestBody> bodies) {
        for (RequestBody b : bodies) {
            b.release();
        }
    }

    /** Hands the array back to its pool (once; later calls do nothing). Nothing may read the body afterwards. */
    public void release() {
        Pool p;
        synchronized (this) {
            p = pool;
            pool = null;
        }
        if (p != null) {
            p.giveBack(bytes);
        }
    }

    /**
     * The encoder's free arrays. A few are kept (a push's requests are sent in parallel, and the
     * next push is encoded while the last is in flight); an array is taken for a body when it fits
     * with at most a quarter to spare, so a queue that holds bodies through an outage holds little
     * more than their bytes.
     */
    static final class Pool {
        static final int KEEP = 8;
        private final ArrayDeque<byte[]> free = new ArrayDeque<>(KEEP);

        /** A body of {@code length} bytes copied from {@code src}, in a pooled array when one fits. */
        RequestBody copyOf(byte[] src, int length) {
            byte[] b = take(length);
            System.arraycopy(src, 0, b, 0, length);
            return new RequestBody(b, length, this);
        }

        private synchronized byte[] take(int length) {
            for (var it = free.iterator(); it.hasNext(); ) {
                byte[] b = it.next();
                if (b.length >= length && b.length - length <= b.length / 4) {
                    it.remove();
                    return b;
                }
            }
            // Room for the next request's growth: consecutive requests of a steady pipeline differ by a few percent.
            return new byte[length + length / 8];
        }

        synchronized void giveBack(byte[] b) {
            if (free.size() == KEEP) {
                free.pollFirst(); // the oldest: the sizes of recent requests are what comes next
            }
            free.addLast(b);
        }

        /** Bytes held by free arrays (for tests). */
        synchronized int freeBytes() {
            int n = 0;
            for (byte[] b : free) {
                n += b.length;
            }
            return n;
        }
    }
}
