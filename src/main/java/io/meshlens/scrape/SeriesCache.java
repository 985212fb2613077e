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
    /** Every this many entries a key is stored whole, so rebuilding any key copies at most this many pieces. */
    private static final int RESTART = 16;
    // Small to start: a target's front-coded keys take ~70 KB (Linkerd proxy), its metadata lines
    // ~10 KB, and thousands of targets hold two caches each; growth is 1.5x.
    private byte[] arena = new byte[8 * 1024];
    private int arenaUsed;
    /** Per entry: how many leading bytes its key shares with the previous entry's key (not stored again). */
    private int[] shared;
    /** The key of entry {@link #scratchEntry}, rebuilt from the pieces; -1: none. */
    private byte[] scratch = new byte[256];
    private int scratchEntry = -1;

    public SeriesCache() {
        slots = new int[1024];
        hashes = new long[512];
        keyOffsets = new int[512];
        keyLengths = new int[512];
        values = new Object[512];
        lastSeen = new int[512];
        orderPos = new int[512];
        shared = new int[512];
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
            if (hashes[e] == hash && keyLengths[e] == len && keyEquals(e, b, off, len)) {
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

    /**
     * Entry {@code e}'s key, at offset 0 of the returned array ({@link #keyLength} bytes); valid until
     * the next call on this cache. Keys are front-coded (each stores only what differs from the
     * previous entry's key: a histogram's bucket lines differ only in {@code le}), so this rebuilds
     * it — one copy of the differing tail when entries are asked for in order, as a repeat scrape does.
     */
    public byte[] key(int e) {
        if (scratchEntry == e) {
            return scratch;
        }
        // Back to a whole key, or to the one after the key the scratch already holds.
        int from = e;
        while (shared[from] != 0 && from - 1 != scratchEntry) {
            from--;
        }
        for (int j = from; j <= e; j++) {
            appendPiece(j);
        }
        return scratch;
    }

    /** Rebuilds entry {@code j}'s key in the scratch from entry {@code j - 1}'s (already there unless shared is 0). */
    private void appendPiece(int j) {
        int len = keyLengths[j];
        if (scratch.length < len) {
            scratch = Arrays.copyOf(scratch, Math.max(len, scratch.length * 2));
        }
        int sh = shared[j];
        System.arraycopy(arena, keyOffsets[j], scratch, sh, len - sh);
        scratchEntry = j;
    }

    private boolean keyEquals(int e, byte[] b, int off, int len) {
        int sh = shared[e];
        // The stored tail first: it rejects a different key without rebuilding anything.
        if (!Arrays.equals(arena, keyOffsets[e], keyOffsets[e] + len - sh, b, off + sh, off + len)) {
            return false;
        }
        return sh == 0 || Arrays.equals(key(e), 0, sh, b, off, off + sh);
    }

    public int keyLength(int e) {
        return keyLengths[e];
    }

    /** Bytes the stored key pieces take, and the arena's capacity (for tests of its sizing). */
    int arenaUsed() {
        return arenaUsed;
    }

    int arenaCapacity() {
        return arena.length;
    }

    /** How many entries the entry arrays hold before they grow (for tests of their sizing). */
    int entryCapacity() {
        return values.length;
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
            if (hashes[e] == hash && keyLengths[e] == len && keyEquals(e, b, off, len)) {
                values[e] = value;
                lastSeen[e] = epoch;
                return e;
            }
            s = (s + 1) & mask;
        }
        if (size == values.length) {
            growEntries();
        }
        int e = size;
        int sh = e % RESTART == 0 ? 0 : commonPrefix(key(e - 1), keyLengths[e - 1], b, off, len);
        storePiece(e, b, off, len, sh);
        size++;
        hashes[e] = hash;
        values[e] = value;
        lastSeen[e] = epoch;
        slots[s] = e + 1;
        orderPos[e] = Integer.MAX_VALUE;
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return e;
    }

    private static int commonPrefix(byte[] a, int aLen, byte[] b, int off, int len) {
        int m = Arrays.mismatch(a, 0, aLen, b, off, off + len);
        return m < 0 ? len : m;
    }

    /** Appends key {@code b[off, off+len)} of entry {@code e}, minus its first {@code sh} bytes (shared with entry e-1). */
    private void storePiece(int e, byte[] b, int off, int len, int sh) {
        int piece = len - sh;
        if (arenaUsed + piece > arena.length) {
            // 1.5x, not 2x: the arena is most of the cache's memory and stays at its peak size.
            arena = Arrays.copyOf(arena, Math.max(arena.length + (arena.length >> 1), arenaUsed + piece));
        }
        System.arraycopy(b, off + sh, arena, arenaUsed, piece);
        keyOffsets[e] = arenaUsed;
        keyLengths[e] = len;
        shared[e] = sh;
        arenaUsed += piece;
        if (scratchEntry == e - 1 || sh == 0) {
            appendPiece(e); // keep rebuilding in order: the next put compares with this key
        } else if (scratchEntry == e) {
            scratchEntry = -1;
        }
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
        // Survivors are front-coded again against their new predecessors, into a new arena: every
        // old key is rebuilt in order (removed ones too, as later keys may share their bytes).
        byte[] oldArena = arena;
        byte[] old = new byte[scratch.length];
        arena = new byte[Math.max(MIN_ARENA, arenaUsed)];
        arenaUsed = 0;
        scratchEntry = -1;
        int[] renumber = new int[size];
        int w = 0;
        for (int e = 0; e < size; e++) {
            int len = keyLengths[e];
            int sh = shared[e];
            if (old.length < len) {
                old = Arrays.copyOf(old, Math.max(len, old.length * 2));
            }
            System.arraycopy(oldArena, keyOffsets[e], old, sh, len - sh);
            if (epoch - lastSeen[e] > maxIdleScrapes) {
                renumber[e] = -1;
                continue;
            }
            renumber[e] = w;
            orderPos[w] = orderPos[e];
            hashes[w] = hashes[e];
            values[w] = values[e];
            lastSeen[w] = lastSeen[e];
            int newShared = w % RESTART == 0 ? 0 : commonPrefix(scratch, keyLengths[w - 1], old, 0, len);
            storePiece(w, old, 0, len, newShared);
            w++;
        }
        Arrays.fill(values, w, size, null);
        size = w;
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
     * Makes the key arena of an empty cache at least {@code bytes} long, so filling it from one
     * scrape body of that size copies no growing arenas; {@link #trim} afterwards gives back what
     * the keys did not use. The copies would otherwise outlive a young collection or two and be
     * left as garbage in the old generation.
     */
    public void reserve(int bytes) {
        if (size == 0 && arena.length < bytes) {
            arena = new byte[bytes];
        }
    }

    /**
     * Gives back spare space (see {@link #reserve}): of the key arena, and of the entry arrays,
     * which doubled their way past the target's series count; a no-op unless more than a quarter
     * is spare. Called after every scrape: a steady target's arrays are copied once.
     */
    public void trim() {
        trimArena();
        int want = size + (size >> 3) + 16;
        if (values.length > size + (size >> 2) + 64) {
            resizeEntries(want);
        }
        int orders = Math.max(orderLen, prevLen);
        if (order.length > orders + (orders >> 2) + 64) {
            order = Arrays.copyOf(order, orders + (orders >> 3) + 16);
        }
        if (prevOrder.length > orders + (orders >> 2) + 64) {
            prevOrder = Arrays.copyOf(prevOrder, orders + (orders >> 3) + 16);
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
        scratchEntry = -1;
        Arrays.fill(slots, 0);
        Arrays.fill(values, 0, size, null);
        size = 0;
        arenaUsed = 0;
        forgetOrder();
    }

    private void growEntries() {
        resizeEntries(values.length * 2);
    }

    private void resizeEntries(int n) {
        hashes = Arrays.copyOf(hashes, n);
        keyOffsets = Arrays.copyOf(keyOffsets, n);
        keyLengths = Arrays.copyOf(keyLengths, n);
        values = Arrays.copyOf(values, n);
        lastSeen = Arrays.copyOf(lastSeen, n);
        orderPos = Arrays.copyOf(orderPos, n);
        shared = Arrays.copyOf(shared, n);
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
