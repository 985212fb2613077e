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
 * {@link #move(int, int)}, {@link #resize(int)}, {@link #forgetValues(int, int)} and {@link #copyEmpty()}.
 */
public abstract sealed class DataPoints permits NumberPoints, HistogramPoints, SummaryPoints, ExponentialHistogramPoints {
    /** OTLP DataPointFlags.FLAG_NO_RECORDED_VALUE: Prometheus stale marker. */
    public static final int FLAG_NO_RECORDED_VALUE = 1;

    protected int size;
    protected Attributes[] attributes;
    protected Exemplar[][] exemplars; // null until a point has exemplars

    // Start time, time and flags are nearly always the same for every point of a scrape (one
    // timestamp, one reference start, no flags or just has-sum). Each is kept as one value until a
    // point differs, and only then as an array: a steady scrape saves 3 arrays per metric and
    // 20 bytes per point. Invariant: array == null ⇒ every point 0..size-1 has the uniform value.
    private long[] startTimeNanos;
    private long startTimeAll;
    private long[] timeNanos;
    private long timeAll;
    private int[] flags;
    private int flagsAll;

    protected DataPoints(int capacity) {
        attributes = new Attributes[Math.max(capacity, 1)];
    }

    /** Current capacity of the columns (subclasses size their own columns to it). */
    protected final int capacity() {
        return attributes.length;
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
        return startTimeNanos == null ? startTimeAll : startTimeNanos[i];
    }

    public final void setStartTimeNanos(int i, long t) {
        if (startTimeNanos == null) {
            if (t == startTimeAll) {
                return;
            }
            if (size == 1) {
                startTimeAll = t;
                return;
            }
            startTimeNanos = filled(startTimeAll);
        }
        startTimeNanos[i] = t;
    }

    public final long timeNanos(int i) {
        return timeNanos == null ? timeAll : timeNanos[i];
    }

    public final void setTimeNanos(int i, long t) {
        if (timeNanos == null) {
            if (t == timeAll) {
                return;
            }
            if (size == 1) {
                timeAll = t;
                return;
            }
            timeNanos = filled(timeAll);
        }
        timeNanos[i] = t;
    }

    public final int flags(int i) {
        return flags == null ? flagsAll : flags[i];
    }

    public final void setFlags(int i, int f) {
        if (flags == null) {
            if (f == flagsAll) {
                return;
            }
            if (size == 1) {
                flagsAll = f;
                return;
            }
            flags = new int[attributes.length];
            Arrays.fill(flags, 0, size, flagsAll);
        }
        flags[i] = f;
    }

    public final boolean noRecordedValue(int i) {
        return (flags(i) & FLAG_NO_RECORDED_VALUE) != 0;
    }

    /** True while every point shares one start time, time and flags (no per-point arrays; for tests). */
    final boolean columnsUniform() {
        return startTimeNanos == null && timeNanos == null && flags == null;
    }

    private long[] filled(long v) {
        long[] a = new long[attributes.length];
        Arrays.fill(a, 0, size, v);
        return a;
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
        forget(w, size);
        size = w;
        return removed;
    }

    /**
     * Removes every point. The columns keep their capacity and what they hold (a histogram its
     * points' bucket-count arrays, for {@link HistogramPoints#countsForNext(int)}): a metric filled
     * again ({@link Metric#reuse}) with the same series writes no reference that is already there.
     */
    public final void clear() {
        if (exemplars != null) {
            Arrays.fill(exemplars, 0, size, null);
        }
        size = 0;
    }

    /** At least {@code n} points fit without growing the columns. */
    public final void ensureCapacity(int n) {
        if (n > attributes.length) {
            grow(n);
        }
    }

    /** Drops the references of points {@code [from, to)} (no longer counted) so they can be collected. */
    private void forget(int from, int to) {
        Arrays.fill(attributes, from, to, null);
        if (exemplars != null) {
            Arrays.fill(exemplars, from, to, null);
        }
        forgetValues(from, to);
    }

    /** The subclass's part of {@link #forget}: per-point arrays other than those kept for reuse. */
    protected abstract void forgetValues(int from, int to);

    /** Appends the common columns of a new point and returns its index. */
    protected final int appendCommon(Attributes a, long startNanos, long nanos, int f) {
        if (size == attributes.length) {
            grow(size * 2);
        }
        int i = size++;
        if (attributes[i] != a) { // a reused store gets the same series in the same order: no store, no dirty card
            attributes[i] = a;
        }
        if (i == 0) {
            // The first point sets the uniform values; arrays left by removed points are reused.
            startTimeAll = startNanos;
            timeAll = nanos;
            flagsAll = f;
        }
        setStartTimeNanos(i, startNanos);
        setTimeNanos(i, nanos);
        setFlags(i, f);
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
        if (startTimeNanos != null) {
            startTimeNanos = Arrays.copyOf(startTimeNanos, capacity);
        }
        if (timeNanos != null) {
            timeNanos = Arrays.copyOf(timeNanos, capacity);
        }
        if (flags != null) {
            flags = Arrays.copyOf(flags, capacity);
        }
        if (exemplars != null) {
            exemplars = Arrays.copyOf(exemplars, capacity);
        }
        resize(capacity);
    }

    private void moveCommon(int from, int to) {
        attributes[to] = attributes[from];
        if (startTimeNanos != null) {
            startTimeNanos[to] = startTimeNanos[from];
        }
        if (timeNanos != null) {
            timeNanos[to] = timeNanos[from];
        }
        if (flags != null) {
            flags[to] = flags[from];
        }
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
