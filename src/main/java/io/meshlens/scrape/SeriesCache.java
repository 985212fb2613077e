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
 *
 * <p>The cache also remembers the order in which a scrape saw its entries ({@link #record}), so the
 * next scrape can predict each line ({@link #predicted}): a target prints the same series in the
 * same order every time, and comparing a line with the predicted key's bytes is cheaper than
 * validating, hashing and looking it up. After a line that was not predicted, the prediction
 * resumes after that entry's place in the previous order (lines inserted, removed or moved).
 * Entries are addressed by index ({@link #find}, {@link #put}); indexes stay valid until a
 * {@link #sweep} that removes entries or {@link #clear}.
 */
public final class SeriesCache<V> {
    private int[] slots;          // index+1 into entry arrays, 0 = empty
    private long[] hashes;
    private int[] keyOffsets;
    private int[] keyLengths;
    private Object[] values;
    private int[] lastSeen;
    /** Per entry: its index in the order of the scrape that last recorded it. */
    private int[] orderPos;
    private int size;
    /** Order of the previous scrape (the prediction) and of the current one. */
    private int[] prevOrder = new int[512];
    private int prevLen;
    private int[] order = new int[512];
    private int orderLen;
    /** Index into {@link #prevOrder} of the next predicted entry. */
    private int cursor;
    private static final int MIN_ARENA = 4 * 1024;
    private byte[] arena = new byte[64 * 1024];
    private int arenaUsed;

    public SeriesCache() {
        slots = new int[1024];
        hashes = new long[512];
        keyOffsets = new int[512];
        keyLengths = new int[512];
        values = new Object[512];
        lastSeen = new int[512];
        orderPos = new int[512];
    }

    public int size() {
        return size;
    }

    /** The value cached for these bytes, marking it seen in scrape {@code epoch}; null when absent. */
    public V get(byte[] b, int off, int len, long hash, int epoch) {
        int e = find(b, off, len, hash, epoch);
        return e < 0 ? null : value(e);
    }

    /** The index of the entry for these bytes, marking it seen in scrape {@code epoch}; -1 when absent. */
    public int find(byte[] b, int off, int len, long hash, int epoch) {
        int mask = slots.length - 1;
        int s = (int) hash & mask;
        while (true) {
            int e = slots[s] - 1;
            if (e < 0) {
                return -1;
            }
            if (hashes[e] == hash && keyLengths[e] == len
                    && Arrays.equals(arena, keyOffsets[e], keyOffsets[e] + len, b, off, off + len)) {
                lastSeen[e] = epoch;
                return e;
            }
            s = (s + 1) & mask;
        }
    }

    /** The value of entry {@code e}. */
    @SuppressWarnings("unchecked")
    public V value(int e) {
        return (V) values[e];
    }

    /** The array holding the keys; entry {@code e}'s key is at {@link #keyOffset}, {@link #keyLength}. Changes on growth. */
    public byte[] keys() {
        return arena;
    }

    public int keyOffset(int e) {
        return keyOffsets[e];
    }

    public int keyLength(int e) {
        return keyLengths[e];
    }

    /** Marks entry {@code e} seen in scrape {@code epoch} (it was found without {@link #find}). */
    public void touch(int e, int epoch) {
        lastSeen[e] = epoch;
    }

    // ---- order of the last scrape, for predicting the next one's lines ----

    /** Starts a scrape: the order recorded so far becomes the prediction, the new order starts empty. */
    public void beginOrder() {
        int[] t = prevOrder;
        prevOrder = order;
        prevLen = orderLen;
        order = t;
        orderLen = 0;
        cursor = 0;
    }

    /** Forgets the recorded orders (e.g. the keys were validated under another exposition format). */
    public void forgetOrder() {
        prevLen = 0;
        orderLen = 0;
        cursor = 0;
    }

    /** The entry expected next: the one after the last recorded entry in the previous order; -1 if none. */
    public int predicted() {
        return cursor < prevLen ? prevOrder[cursor] : -1;
    }

    /**
     * Appends the {@link #predicted} entry, which the line turned out to be, and moves the
     * prediction to the next one (a series printed twice stays predicted at each place).
     */
    public void recordPredicted() {
        append(prevOrder[cursor++]);
    }

    /** Appends entry {@code e} to the current order and moves the prediction to what followed it last time. */
    public void record(int e) {
        int p = orderPos[e];
        if (p < prevLen && prevOrder[p] == e) {
            cursor = p + 1;
        }
        append(e);
    }

    private void append(int e) {
        if (orderLen == order.length) {
            order = Arrays.copyOf(order, orderLen * 2);
        }
        orderPos[e] = orderLen;
        order[orderLen++] = e;
    }

    /** Inserts or replaces the value for these bytes; returns the entry's index. */
    public int put(byte[] b, int off, int len, long hash, V value, int epoch) {
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
                return e;
            }
            s = (s + 1) & mask;
        }
        if (size == values.length) {
            growEntries();
        }
        if (arenaUsed + len > arena.length) {
            // 1.5x, not 2x: the arena is most of the cache's memory and stays at its peak size.
            arena = Arrays.copyOf(arena, Math.max(arena.length + (arena.length >> 1), arenaUsed + len));
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
        orderPos[e] = Integer.MAX_VALUE;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return e;
    }

    /**
     * Removes entries not seen within the last {@code maxIdleScrapes} scrapes; compacts the key arena.
     * Call between scrapes: the current order is renumbered with the entries, the previous one dropped.
     */
    public void sweep(int epoch, int maxIdleScrapes) {
        boolean any = false;
        for (int e = 0; e < size && !any; e++) {
            any = epoch - lastSeen[e] > maxIdleScrapes;
        }
        if (!any) {
            trimArena();
            return;
        }
        byte[] newArena = new byte[arena.length];
        int[] renumber = new int[size];
        int used = 0;
        int w = 0;
        for (int e = 0; e < size; e++) {
            if (epoch - lastSeen[e] > maxIdleScrapes) {
                renumber[e] = -1;
                continue;
            }
            renumber[e] = w;
            orderPos[w] = orderPos[e];
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
        trimArena();
        rehash(slots.length);
        prevLen = 0;
        cursor = 0;
        for (int i = 0; i < orderLen; i++) {
            order[i] = renumber[order[i]];
            if (order[i] < 0) {
                // Only a scrape that ended more than maxIdleScrapes ago has such entries: no use predicting from it.
                orderLen = 0;
                break;
            }
        }
    }

    /**
     * Gives back arena space the keys no longer need (growth overshoot, removed entries): more than
     * a quarter spare is cut to an eighth, so a steady target's arena is copied once, not every sweep.
     */
    private void trimArena() {
        if (arena.length - arenaUsed > Math.max(MIN_ARENA, arenaUsed >> 2)) {
            arena = Arrays.copyOf(arena, Math.max(MIN_ARENA, arenaUsed + (arenaUsed >> 3)));
        }
    }

    /** Removes everything (e.g. when the target's metadata changed or its config was reloaded). */
    public void clear() {
        Arrays.fill(slots, 0);
        Arrays.fill(values, 0, size, null);
        size = 0;
        arenaUsed = 0;
        forgetOrder();
    }

    private void growEntries() {
        int n = values.length * 2;
        hashes = Arrays.copyOf(hashes, n);
        keyOffsets = Arrays.copyOf(keyOffsets, n);
        keyLengths = Arrays.copyOf(keyLengths, n);
        values = Arrays.copyOf(values, n);
        lastSeen = Arrays.copyOf(lastSeen, n);
        orderPos = Arrays.copyOf(orderPos, n);
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
