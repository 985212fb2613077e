package io.meshlens.textparse;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A fast 64-bit hash of raw series bytes ({@code name{labels}} as exposed), the key of a scrape
 * cache. Reads eight bytes per step (xxHash64-style round, one lane), so a 400-byte Linkerd series
 * costs about 50 multiply-rotate steps. It is a fingerprint for a hash table, not an identity: a
 * cache must still compare the bytes ({@link Parser#seriesEquals}) because a target controls the
 * input and could collide on purpose.
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
}
