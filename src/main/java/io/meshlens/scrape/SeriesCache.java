package io.meshlens.scrape;

import java.util.Arrays;

/**
 * The scrape cache: raw series bytes as exposed ({@code name{labels}}, exactly as written) →
 * what we resolved for them (the relabeled, translated series handle, or "dropped"). Keyed by
 * bytes, as Prometheus's scrape cache is, so a repeat scrape of an unchanged target does no
 * label parsing, relabeling or allocation per sample: one hash over the bytes, one compare.
 *
 * <p>Entries die when unseen for {@code maxIdleScrapes} scrapes ({@link #sweep}), so churning
 * label values (pod restarts, new peers) don't grow it without bound. Open addressing with
 * linear probing over parallel arrays, keyed by {@link io.meshlens.textparse.SeriesHash}; keys are copied into one growing byte arena that is
 * compacted on sweep. Not thread-safe: one cache per scrape loop.
 */
public final class SeriesCache<V> {
    private int[] slots;          // index+1 into entry arrays, 0 = empty
    private long[] hashes;
    private int[] keyOffsets;
    private int[] keyLengths;
    private Object[] values;
    private int[] lastSeen;
    private int size;
    private byte[] arena = new byte[64 * 1024];
    private int arenaUsed;

    public SeriesCache() {
        slots = new int[1024];
        hashes = new long[512];
        keyOffsets = new int[512];
        keyLengths = new int[512];
        values = new Object[512];
        lastSeen = new int[512];
    }

    public int size() {
        return size;
    }

    /** The value cached for these bytes, marking it seen in scrape {@code epoch}; null when absent. */
    @SuppressWarnings("unchecked")
    public V get(byte[] b, int off, int len, long hash, int epoch) {
        int mask = slots.length - 1;
        int s = (int) hash & mask;
        while (true) {
            int e = slots[s] - 1;
            if (e < 0) {
                return null;
            }
            if (hashes[e] == hash && keyLengths[e] == len
                    && Arrays.equals(arena, keyOffsets[e], keyOffsets[e] + len, b, off, off + len)) {
                lastSeen[e] = epoch;
                return (V) values[e];
            }
            s = (s + 1) & mask;
        }
    }

    /** Inserts or replaces the value for these bytes. */
    public void put(byte[] b, int off, int len, long hash, V value, int epoch) {
        int mask = slots.length - 1;
        int s = (int) hash & mask;
        while (true) {
            int e = slots[s] - 1;
            if (e < 0) {
                break;
            }
            if (hashes[e] == hash && keyLengths[e] == len
                    && Arrays.equals(arena, keyOffsets[e], keyOffsets[e] + len, b, off, off + len)) {
                values[e] = value;
                lastSeen[e] = epoch;
                return;
            }
            s = (s + 1) & mask;
        }
        if (size == values.length) {
            growEntries();
        }
        if (arenaUsed + len > arena.length) {
            arena = Arrays.copyOf(arena, Math.max(arena.length * 2, arenaUsed + len));
        }
        System.arraycopy(b, off, arena, arenaUsed, len);
        int e = size++;
        hashes[e] = hash;
        keyOffsets[e] = arenaUsed;
        keyLengths[e] = len;
        values[e] = value;
        lastSeen[e] = epoch;
        arenaUsed += len;
        slots[s] = e + 1;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
    }

    /** Removes entries not seen within the last {@code maxIdleScrapes} scrapes; compacts the key arena. */
    public void sweep(int epoch, int maxIdleScrapes) {
        boolean any = false;
        for (int e = 0; e < size && !any; e++) {
            any = epoch - lastSeen[e] > maxIdleScrapes;
        }
        if (!any) {
            return;
        }
        byte[] newArena = new byte[arena.length];
        int used = 0;
        int w = 0;
        for (int e = 0; e < size; e++) {
            if (epoch - lastSeen[e] > maxIdleScrapes) {
                continue;
            }
            System.arraycopy(arena, keyOffsets[e], newArena, used, keyLengths[e]);
            keyOffsets[w] = used;
            used += keyLengths[e];
            hashes[w] = hashes[e];
            keyLengths[w] = keyLengths[e];
            values[w] = values[e];
            lastSeen[w] = lastSeen[e];
            w++;
        }
        Arrays.fill(values, w, size, null);
        size = w;
        arena = newArena;
        arenaUsed = used;
        rehash(slots.length);
    }

    /** Removes everything (e.g. when the target's metadata changed or its config was reloaded). */
    public void clear() {
        Arrays.fill(slots, 0);
        Arrays.fill(values, 0, size, null);
        size = 0;
        arenaUsed = 0;
    }

    private void growEntries() {
        int n = values.length * 2;
        hashes = Arrays.copyOf(hashes, n);
        keyOffsets = Arrays.copyOf(keyOffsets, n);
        keyLengths = Arrays.copyOf(keyLengths, n);
        values = Arrays.copyOf(values, n);
        lastSeen = Arrays.copyOf(lastSeen, n);
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        int mask = capacity - 1;
        for (int e = 0; e < size; e++) {
            int s = (int) hashes[e] & mask;
            while (slots[s] != 0) {
                s = (s + 1) & mask;
            }
            slots[s] = e + 1;
        }
    }
}
