package io.meshlens.processor.attraction;

import io.meshlens.model.Attributes;

import java.util.function.UnaryOperator;

/**
 * Remembers {@code f(in)} by the identity of {@code in}. The scrape cache hands out the same
 * {@link Attributes} instance for a target's resource (and for each series) on every scrape, so
 * in steady state a processor finds its previous answer here and allocates nothing.
 *
 * <p>Bounded and two-way: an instance may live in one of two slots derived from its identity hash.
 * A new result goes to a free one of them, else it replaces the first and the first's old entry moves
 * to the second, so two hot instances that share a slot both stay cached (a direct-mapped table
 * made such pairs recompute on every scrape). Entries are
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
        int h = System.identityHashCode(in);
        int a = (h ^ (h >>> 16)) & mask;
        Entry e = table[a];
        if (e != null && e.in == in) {
            return e.out;
        }
        int b = (h * 0x9E3779B9 >>> 16) & mask;
        Entry eb = table[b];
        if (eb != null && eb.in == in) {
            return eb.out;
        }
        Attributes out = f.apply(in);
        Entry fresh = new Entry(in, out);
        if (e == null) {
            table[a] = fresh;
        } else if (eb == null) {
            table[b] = fresh;
        } else {
            table[b] = e;
            table[a] = fresh;
        }
        return out;
    }
}
