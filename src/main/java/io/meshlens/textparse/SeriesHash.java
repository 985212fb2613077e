package io.meshlens.textparse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Hashes of raw exposition bytes. {@link #hash} is a fast 64-bit hash for hash tables that still
 * compare the bytes (the shared metadata-line table). {@link Fingerprint} is a 128-bit one that
 * stands for the bytes themselves: the scrape cache keeps a series' fingerprint and length instead
 * of its bytes (~90 MB of keys at 1,000 Linkerd proxies, docs/performance.md).
 */
public final class SeriesHash {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private SeriesHash() {
    }

    /** Hash of {@code b[off, off+len)}; equal bytes give equal hashes in every process. */
    public static long hash(byte[] b, int off, int len) {
        long h = P5 + len;
        int i = off;
        int end = off + len;
        for (; i + 8 <= end; i += 8) {
            long k = (long) LONGS.get(b, i);
            k *= P2;
            k = Long.rotateLeft(k, 31);
            k *= P1;
            h ^= k;
            h = Long.rotateLeft(h, 27) * P1 + P3;
        }
        for (; i < end; i++) {
            h ^= (b[i] & 0xffL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    /**
     * MurmurHash3 x64 128-bit (seed 0) of a byte range, held in a reusable object so computing one
     * allocates nothing. Two different series have the same fingerprint with a probability of about
     * 2^-128 per pair: a cache of one target's series (thousands of them, for years of churn) can
     * take equal fingerprints for equal bytes. Murmur3 is not keyed against chosen collisions, so a
     * target that crafts two of its own series to collide can at worst get one series' value written
     * under the other's labels: values it could have printed there anyway. That is why a fingerprint
     * identifies a series only within one target's cache.
     */
    public static final class Fingerprint {
        private static final long C1 = 0x87C37B91114253D5L;
        private static final long C2 = 0x4CF5AD432745937FL;

        private long low;
        private long high;

        /** The first 64 bits (Murmur3's h1): also a good hash-table hash. */
        public long low() {
            return low;
        }

        /** The second 64 bits (h2). */
        public long high() {
            return high;
        }

        /** Whether this fingerprint is {@code (low, high)}. */
        public boolean is(long low, long high) {
            return this.low == low && this.high == high;
        }

        /** Sets this to the fingerprint of {@code b[off, off+len)} and returns it. */
        public Fingerprint of(byte[] b, int off, int len) {
            long h1 = 0;
            long h2 = 0;
            int i = off;
            int blocksEnd = off + (len & ~15);
            for (; i < blocksEnd; i += 16) {
                long k1 = (long) LONGS.get(b, i);
                long k2 = (long) LONGS.get(b, i + 8);
                h1 ^= mixK1(k1);
                h1 = Long.rotateLeft(h1, 27) + h2;
                h1 = h1 * 5 + 0x52DCE729;
                h2 ^= mixK2(k2);
                h2 = Long.rotateLeft(h2, 31) + h1;
                h2 = h2 * 5 + 0x38495AB5;
            }
            int rest = len & 15;
            if (rest > 8) {
                h2 ^= mixK2(tail(b, i + 8, rest - 8));
            }
            if (rest > 0) {
                h1 ^= mixK1(tail(b, i, Math.min(rest, 8)));
            }
            h1 ^= len;
            h2 ^= len;
            h1 += h2;
            h2 += h1;
            h1 = fmix(h1);
            h2 = fmix(h2);
            h1 += h2;
            h2 += h1;
            low = h1;
            high = h2;
            return this;
        }

        /** The last {@code n} (1..8) bytes as a little-endian long, as Murmur3 reads its tail. */
        private static long tail(byte[] b, int from, int n) {
            long k = 0;
            for (int j = n - 1; j >= 0; j--) {
                k = k << 8 | (b[from + j] & 0xFFL);
            }
            return k;
        }

        private static long mixK1(long k) {
            return Long.rotateLeft(k * C1, 31) * C2;
        }

        private static long mixK2(long k) {
            return Long.rotateLeft(k * C2, 33) * C1;
        }

        private static long fmix(long k) {
            k ^= k >>> 33;
            k *= 0xFF51AFD7ED558CCDL;
            k ^= k >>> 33;
            k *= 0xC4CEB9FE1A85EC53L;
            k ^= k >>> 33;
            return k;
        }
    }
}
