package io.meshlens.processor.attraction;

import io.meshlens.model.Attributes;

import java.util.function.UnaryOperator;

/**
 * Remembers {@code f(in)} by the identity of {@code in}. The scrape cache hands out the same
 * {@link Attributes} instance for a target's resource (and for each series) on every scrape, so
 * in steady state a processor finds its previous answer here and allocates nothing.
 *
 * <p>Direct-mapped and bounded: slot = identity hash modulo the size; a colliding instance simply
 * replaces the entry (then both are recomputed now and then, which only costs time). Entries are
 * immutable records, so concurrent readers see either a whole old or a whole new entry, never a
 * torn one; no lock is needed. Holding the key strongly is bounded by the table size.
 */
public final class IdentityMemo {
    private record Entry(Attributes in, Attributes out) {
    }

    private final Entry[] table;
    private final int mask;
    private final UnaryOperator<Attributes> f;

    /** @param size rounded up to a power of two */
    public IdentityMemo(int size, UnaryOperator<Attributes> f) {
        int n = Integer.highestOneBit(Math.max(2, size - 1)) << 1;
        this.table = new Entry[n];
        this.mask = n - 1;
        this.f = f;
    }

    public Attributes apply(Attributes in) {
        int slot = spread(System.identityHashCode(in)) & mask;
        Entry e = table[slot];
        if (e != null && e.in == in) {
            return e.out;
        }
        Attributes out = f.apply(in);
        table[slot] = new Entry(in, out);
        return out;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
