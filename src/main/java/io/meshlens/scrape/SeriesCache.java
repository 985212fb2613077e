package io.meshlens.scrape;

import io.meshlens.textparse.SeriesHash;

import java.util.Arrays;

/**
 * The scrape cache: raw series bytes as exposed ({@code name{labels}}, exactly as written) →
 * what we resolved for them (the relabeled, translated series handle, or "dropped"). Keyed by the
 * bytes, as Prometheus's scrape cache is, so a repeat scrape of an unchanged target does no label
 * parsing, relabeling or allocation per sample.
 *
 * <p>A key is kept as its 128-bit {@link SeriesHash.Fingerprint} and length, not as bytes: equal
 * fingerprints are taken for equal bytes (the fingerprint's comment says why that is safe within
 * one target). Kept as bytes, the keys of 1,000 Linkerd proxies took ~90 MB even front-coded; as
 * fingerprints they take 20 bytes per series.
 *
 * <p>Entries die when unseen for {@code maxIdleScrapes} scrapes ({@link #sweep}), so churning
 * label values (pod restarts, new peers) don't grow it without bound. Open addressing with
 * linear probing over parallel arrays. Not thread-safe: one cache per scrape loop.
 *
 * <p>The cache also remembers the order in which a scrape saw its entries ({@link #record}), so the
 * next scrape can predict each line ({@link #predicted}): a target prints the same series in the
 * same order every time, and fingerprinting a line's first {@link #keyLength} bytes to compare
 * with the predicted entry's is cheaper than validating the line and looking it up. After a line
 * that was not predicted, the prediction resumes after that entry's place in the previous order
 * (lines inserted, removed or moved). Entries are addressed by index ({@link #find},
 * {@link #put}); indexes stay valid until a {@link #sweep} that removes entries or {@link #clear}.
 */
public final class SeriesCache<V> {
    private int[] slots;          // index+1 into entry arrays, 0 = empty
    /** Per entry: the key's fingerprint (low half is also the table hash) and length. */
    private long[] lows;
    private long[] highs;
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

    public SeriesCache() {
        slots = new int[1024];
        lows = new long[512];
        highs = new long[512];
        keyLengths = new int[512];
        values = new Object[512];
        lastSeen = new int[512];
        orderPos = new int[512];
    }

    public int size() {
        return size;
    }

    /** The value cached for the key with this fingerprint and length, marking it seen in scrape {@code epoch}; null when absent. */
    public V get(long low, long high, int len, int epoch) {
        int e = find(low, high, len, epoch);
        return e < 0 ? null : value(e);
    }

    /** The index of the entry for the key with this fingerprint and length, marking it seen in scrape {@code epoch}; -1 when absent. */
    public int find(long low, long high, int len, int epoch) {
        int mask = slots.length - 1;
        int s = (int) low & mask;
        while (true) {
            int e = slots[s] - 1;
            if (e < 0) {
                return -1;
            }
            if (lows[e] == low && highs[e] == high && keyLengths[e] == len) {
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

    /** Entry {@code e}'s key: its fingerprint's halves and its length in bytes. */
    public long low(int e) {
        return lows[e];
    }

    public long high(int e) {
        return highs[e];
    }

    public int keyLength(int e) {
        return keyLengths[e];
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

    /** Inserts or replaces the value for the key with this fingerprint and length; returns the entry's index. */
    public int put(long low, long high, int len, V value, int epoch) {
        int e = find(low, high, len, epoch);
        if (e >= 0) {
            values[e] = value;
            return e;
        }
        if (size == values.length) {
            resizeEntries(values.length * 2);
        }
        e = size++;
        lows[e] = low;
        highs[e] = high;
        keyLengths[e] = len;
        values[e] = value;
        lastSeen[e] = epoch;
        orderPos[e] = Integer.MAX_VALUE;
        insertSlot(e);
        if (size * 2 > slots.length) {
            rehash(slots.length * 2);
        }
        return e;
    }

    private void insertSlot(int e) {
        int mask = slots.length - 1;
        int s = (int) lows[e] & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = e + 1;
    }

    /**
     * Removes entries not seen within the last {@code maxIdleScrapes} scrapes. Call between
     * scrapes: the current order is renumbered with the entries, the previous one dropped.
     */
    public void sweep(int epoch, int maxIdleScrapes) {
        int[] renumber = null;
        int w = 0;
        for (int e = 0; e < size; e++) {
            if (epoch - lastSeen[e] > maxIdleScrapes) {
                if (renumber == null) {
                    renumber = new int[size];
                    for (int k = 0; k < e; k++) {
                        renumber[k] = k;
                    }
                }
                renumber[e] = -1;
                continue;
            }
            if (renumber != null) {
                renumber[e] = w;
                lows[w] = lows[e];
                highs[w] = highs[e];
                keyLengths[w] = keyLengths[e];
                values[w] = values[e];
                lastSeen[w] = lastSeen[e];
                orderPos[w] = orderPos[e];
            }
            w++;
        }
        if (renumber == null) {
            return;
        }
        Arrays.fill(values, w, size, null);
        size = w;
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
     * Gives back spare space of the entry arrays, which doubled their way past the target's series
     * count; a no-op unless more than a quarter is spare. Called after every scrape: a steady
     * target's arrays are copied once.
     */
    public void trim() {
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

    /** Removes everything (e.g. when the target's metadata changed or its config was reloaded). */
    public void clear() {
        Arrays.fill(slots, 0);
        Arrays.fill(values, 0, size, null);
        size = 0;
        forgetOrder();
    }

    private void resizeEntries(int n) {
        lows = Arrays.copyOf(lows, n);
        highs = Arrays.copyOf(highs, n);
        keyLengths = Arrays.copyOf(keyLengths, n);
        values = Arrays.copyOf(values, n);
        lastSeen = Arrays.copyOf(lastSeen, n);
        orderPos = Arrays.copyOf(orderPos, n);
    }

    private void rehash(int capacity) {
        slots = new int[capacity];
        for (int e = 0; e < size; e++) {
            insertSlot(e);
        }
    }
}
