package io.meshlens.model;

import java.util.Arrays;

/**
 * Points of an explicit-bucket histogram. Bucket counts are per bucket (not cumulative), as in
 * OTLP: {@code bucketCounts.length == bounds.length + 1}, the last bucket being (bound[n-1], +Inf].
 * The bounds array of a series is usually shared between scrapes; treat it as immutable.
 *
 * <p>The bucket-count arrays belong to this store: no array is in the column twice (moves swap),
 * and a copy ({@link #appendFrom}) copies them, so the maker of a released store
 * ({@link Metric#release}) may fill them in place ({@link #countsForNext}).
 */
public final class HistogramPoints extends DataPoints {
    public static final int FLAG_HAS_SUM = 1 << 8;
    public static final int FLAG_HAS_MIN = 1 << 9;
    public static final int FLAG_HAS_MAX = 1 << 10;

    private long[] counts;
    private double[] sums;
    private double[] mins; // null until a point has min/max (scraped histograms never do)
    private double[] maxs;
    private double[][] bounds;
    private long[][] bucketCounts;

    public HistogramPoints(int capacity) {
        super(capacity);
        int c = attributes.length;
        counts = new long[c];
        sums = new double[c];
        bounds = new double[c][];
        bucketCounts = new long[c][];
    }

    public HistogramPoints() {
        this(4);
    }

    /** Adds a point; {@code flags} may include FLAG_HAS_SUM/MIN/MAX and FLAG_NO_RECORDED_VALUE. */
    public int add(Attributes a, long startNanos, long nanos, long count, double sum, double[] explicitBounds,
                   long[] perBucketCounts, int flags) {
        int i = appendCommon(a, startNanos, nanos, flags);
        counts[i] = count;
        sums[i] = sum;
        if (bounds[i] != explicitBounds) { // unchanged in a reused store (see DataPoints.clear)
            bounds[i] = explicitBounds;
        }
        if (bucketCounts[i] != perBucketCounts) {
            bucketCounts[i] = perBucketCounts;
        }
        if (mins != null) {
            mins[i] = 0;
            maxs[i] = 0;
        }
        return i;
    }

    public long count(int i) {
        return counts[i];
    }

    public double sum(int i) {
        return sums[i];
    }

    public boolean hasSum(int i) {
        return (flags(i) & FLAG_HAS_SUM) != 0;
    }

    public double min(int i) {
        return mins == null ? 0 : mins[i];
    }

    public double max(int i) {
        return maxs == null ? 0 : maxs[i];
    }

    public void setMinMax(int i, double min, double max) {
        if (mins == null) {
            mins = new double[capacity()];
            maxs = new double[capacity()];
        }
        mins[i] = min;
        maxs[i] = max;
        setFlags(i, flags(i) | FLAG_HAS_MIN | FLAG_HAS_MAX);
    }

    public double[] bounds(int i) {
        return bounds[i];
    }

    public long[] bucketCounts(int i) {
        return bucketCounts[i];
    }

    /**
     * An array of {@code length} for the bucket counts of the next point {@link #add}ed: the one a
     * removed point left in that slot (its old counts: overwrite every entry), or a new one. For
     * the maker of a released store, whose arrays nothing else holds.
     */
    public long[] countsForNext(int length) {
        long[] left = size < bucketCounts.length ? bucketCounts[size] : null;
        return left != null && left.length == length ? left : new long[length];
    }

    @Override
    public void appendFrom(DataPoints other, int i) {
        HistogramPoints o = (HistogramPoints) other;
        long[] c = o.bucketCounts[i];
        // The source's arrays may be refilled once its metric is released: the copy gets its own.
        int at = add(o.attributes[i], o.startTimeNanos(i), o.timeNanos(i), o.counts[i], o.sums[i], o.bounds[i],
                c == null ? null : c.clone(), o.flags(i));
        if (o.mins != null) {
            // Copies the flags as they are (min/max may be set without the has-min/max flags).
            setMinMax(at, o.mins[i], o.maxs[i]);
            setFlags(at, o.flags(i));
        }
        copyCommonFrom(o, i, at);
    }

    @Override
    public DataPoints copyEmpty() {
        return new HistogramPoints(Math.max(size, 1));
    }

    @Override
    protected void move(int from, int to) {
        counts[to] = counts[from];
        sums[to] = sums[from];
        if (mins != null) {
            mins[to] = mins[from];
            maxs[to] = maxs[from];
        }
        bounds[to] = bounds[from];
        // Swapped, not copied: the column never holds one array twice (see countsForNext).
        long[] c = bucketCounts[to];
        bucketCounts[to] = bucketCounts[from];
        bucketCounts[from] = c;
    }

    @Override
    protected void forgetValues(int from, int to) {
        Arrays.fill(bounds, from, to, null); // bucket counts stay: refilled by the next points
    }

    @Override
    protected void resize(int c) {
        counts = Arrays.copyOf(counts, c);
        sums = Arrays.copyOf(sums, c);
        if (mins != null) {
            mins = Arrays.copyOf(mins, c);
            maxs = Arrays.copyOf(maxs, c);
        }
        bounds = Arrays.copyOf(bounds, c);
        bucketCounts = Arrays.copyOf(bucketCounts, c);
    }
}
