package io.meshlens.model;

import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Column store for the data points of one {@link Metric}: point {@code i} is the i-th entry of
 * every column. Columns instead of one object per point keep a scrape to a handful of arrays per
 * metric (a Linkerd proxy exposes ~1–2k samples in ~160 families), and let filters drop points by
 * compaction without allocating.
 *
 * <p>Common columns live here; subclasses add their value columns and implement
 * {@link #move(int, int)}, {@link #resize(int)} and {@link #copyEmpty()}.
 */
public abstract sealed class DataPoints permits NumberPoints, HistogramPoints, SummaryPoints, ExponentialHistogramPoints {
    /** OTLP DataPointFlags.FLAG_NO_RECORDED_VALUE: Prometheus stale marker. */
    public static final int FLAG_NO_RECORDED_VALUE = 1;

    protected int size;
    protected Attributes[] attributes;
    protected long[] startTimeNanos;
    protected long[] timeNanos;
    protected int[] flags;
    protected Exemplar[][] exemplars; // null until a point has exemplars

    protected DataPoints(int capacity) {
        int c = Math.max(capacity, 1);
        attributes = new Attributes[c];
        startTimeNanos = new long[c];
        timeNanos = new long[c];
        flags = new int[c];
    }

    public final int size() {
        return size;
    }

    public final Attributes attributes(int i) {
        return attributes[i];
    }

    public final void setAttributes(int i, Attributes a) {
        attributes[i] = a;
    }

    public final long startTimeNanos(int i) {
        return startTimeNanos[i];
    }

    public final void setStartTimeNanos(int i, long t) {
        startTimeNanos[i] = t;
    }

    public final long timeNanos(int i) {
        return timeNanos[i];
    }

    public final void setTimeNanos(int i, long t) {
        timeNanos[i] = t;
    }

    public final int flags(int i) {
        return flags[i];
    }

    public final void setFlags(int i, int f) {
        flags[i] = f;
    }

    public final boolean noRecordedValue(int i) {
        return (flags[i] & FLAG_NO_RECORDED_VALUE) != 0;
    }

    public final Exemplar[] exemplars(int i) {
        return exemplars == null || exemplars[i] == null ? Exemplar.NONE : exemplars[i];
    }

    public final void setExemplars(int i, Exemplar[] ex) {
        if (exemplars == null) {
            if (ex == null || ex.length == 0) {
                return;
            }
            exemplars = new Exemplar[attributes.length][];
        }
        exemplars[i] = ex;
    }

    /** Removes every point for which {@code drop} is true, keeping order. Returns how many were removed. */
    public final int removeIf(IntPredicate drop) {
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (!drop.test(r)) {
                if (w != r) {
                    moveCommon(r, w);
                    move(r, w);
                }
                w++;
            }
        }
        int removed = size - w;
        for (int i = w; i < size; i++) {
            attributes[i] = null;
            if (exemplars != null) {
                exemplars[i] = null;
            }
        }
        size = w;
        return removed;
    }

    /** Appends the common columns of a new point and returns its index. */
    protected final int appendCommon(Attributes a, long startNanos, long nanos, int f) {
        if (size == attributes.length) {
            grow(size * 2);
        }
        int i = size++;
        attributes[i] = a;
        startTimeNanos[i] = startNanos;
        timeNanos[i] = nanos;
        flags[i] = f;
        return i;
    }

    /** Appends point {@code i} of {@code other} (same concrete type) to this column store. */
    public abstract void appendFrom(DataPoints other, int i);

    /** A deep copy of the columns (attributes and exemplars are immutable and shared). */
    public final DataPoints copy() {
        DataPoints c = copyEmpty();
        for (int i = 0; i < size; i++) {
            c.appendFrom(this, i);
        }
        return c;
    }

    /** An empty store of the same type. */
    public abstract DataPoints copyEmpty();

    protected abstract void move(int from, int to);

    protected abstract void resize(int capacity);

    private void grow(int capacity) {
        attributes = Arrays.copyOf(attributes, capacity);
        startTimeNanos = Arrays.copyOf(startTimeNanos, capacity);
        timeNanos = Arrays.copyOf(timeNanos, capacity);
        flags = Arrays.copyOf(flags, capacity);
        if (exemplars != null) {
            exemplars = Arrays.copyOf(exemplars, capacity);
        }
        resize(capacity);
    }

    private void moveCommon(int from, int to) {
        attributes[to] = attributes[from];
        startTimeNanos[to] = startTimeNanos[from];
        timeNanos[to] = timeNanos[from];
        flags[to] = flags[from];
        if (exemplars != null) {
            exemplars[to] = exemplars[from];
        }
    }

    protected final void copyCommonFrom(DataPoints o, int i, int at) {
        if (o.exemplars != null && o.exemplars[i] != null) {
            setExemplars(at, o.exemplars[i]);
        }
    }
}
