package io.meshlens.processor.attraction;

import io.meshlens.model.Attributes;

import java.util.function.UnaryOperator;

/**
 * Remembers {@code f(in)} by the identity of {@code in}. The scrape cache hands out the same
 * {@link Attributes} instance for a target's resource (and for each series) on every scrape, so
 * in steady state a processor finds its previous answer here and allocates nothing — and hands on
 * the same output instance, which keeps the remote-write encoder on its per-identity label cache.
 * A recomputed entry is a new instance, so losing live entries is expensive downstream.
 *
 * <p>An open-addressing table (linear probing) kept at most half full: it doubles while below
 * {@code maxSize} slots, so more live instances than the initial size (e.g. 5,000 scrape targets)
 * keep their entries. At the maximum it starts over empty instead of growing (a cleared memo only
 * costs recomputation), which bounds the keys held strongly.
 *
 * <p>Lookups take no lock: a slot only ever changes from empty to an entry or to a newer entry for
 * the same key, entries are immutable records (final fields), and a grown table is published
 * whole; so a reader sees a whole entry or an empty slot (then it computes the result again).
 * Inserts, i.e. misses only, are serialized.
 */
public final class IdentityMemo {
    private record Entry(Attributes in, Attributes out) {
    }

    private volatile Entry[] table;
    private final int maxSize;
    private final UnaryOperator<Attributes> f;
    private int count;

    /** Remembers up to {@code size} instances (rounded up to a power of two). */
    public IdentityMemo(int size, UnaryOperator<Attributes> f) {
        this(size * 2, size * 2, f);
    }

    /** Starts with {@code initialSize} slots and doubles up to {@code maxSize} (powers of two), half of them used. */
    public IdentityMemo(int initialSize, int maxSize, UnaryOperator<Attributes> f) {
        int n = powerOfTwo(initialSize);
        this.table = new Entry[n];
        this.maxSize = Math.max(n, powerOfTwo(maxSize));
        this.f = f;
    }

    private static int powerOfTwo(int size) {
        return Integer.highestOneBit(Math.max(2, size - 1)) << 1;
    }

    public Attributes apply(Attributes in) {
        Entry[] t = table;
        int mask = t.length - 1;
        for (int i = slot(System.identityHashCode(in), mask); ; i = (i + 1) & mask) {
            Entry e = t[i];
            if (e == null) {
                break;
            }
            if (e.in == in) {
                return e.out;
            }
        }
        Attributes out = f.apply(in);
        insert(new Entry(in, out));
        return out;
    }

    /** Current number of slots (for tests). */
    int capacity() {
        return table.length;
    }

    private synchronized void insert(Entry fresh) {
        Entry[] t = table;
        if (2 * (count + 1) > t.length) {
            if (t.length < maxSize) {
                t = rehashed(t, t.length * 2);
            } else {
                t = new Entry[t.length];
                count = 0;
            }
        }
        if (put(t, fresh)) {
            count++;
        }
        table = t;
    }

    /** Adds or replaces the entry of {@code e.in}; true when added. */
    private static boolean put(Entry[] t, Entry e) {
        int mask = t.length - 1;
        for (int i = slot(System.identityHashCode(e.in), mask); ; i = (i + 1) & mask) {
            if (t[i] == null) {
                t[i] = e;
                return true;
            }
            if (t[i].in == e.in) {
                t[i] = e;
                return false;
            }
        }
    }

    private static Entry[] rehashed(Entry[] t, int len) {
        Entry[] n = new Entry[len];
        for (Entry e : t) {
            if (e != null) {
                put(n, e);
            }
        }
        return n;
    }

    private static int slot(int h, int mask) {
        return (h * 0x9E3779B9 >>> 16 ^ h) & mask;
    }
}
