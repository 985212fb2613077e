package io.meshlens.model;

import java.util.Arrays;

/** Points of an OTLP exponential histogram (received over OTLP; exported as native histograms or dropped). */
public final class ExponentialHistogramPoints extends DataPoints {
    /** One point's buckets: scale, zero bucket and the offset-indexed positive/negative buckets. */
    public record Buckets(int scale, long zeroCount, double zeroThreshold, int positiveOffset, long[] positive,
                          int negativeOffset, long[] negative) {
    }

    private long[] counts;
    private double[] sums;
    private Buckets[] buckets;

    public ExponentialHistogramPoints(int capacity) {
        super(capacity);
        counts = new long[attributes.length];
        sums = new double[attributes.length];
        buckets = new Buckets[attributes.length];
    }

    public ExponentialHistogramPoints() {
        this(4);
    }

    public int add(Attributes a, long startNanos, long nanos, long count, double sum, Buckets b, int flags) {
        int i = appendCommon(a, startNanos, nanos, flags);
        counts[i] = count;
        sums[i] = sum;
        buckets[i] = b;
        return i;
    }

    public long count(int i) {
        return counts[i];
    }

    public double sum(int i) {
        return sums[i];
    }

    public boolean hasSum(int i) {
        return (flags(i) & HistogramPoints.FLAG_HAS_SUM) != 0;
    }

    public Buckets buckets(int i) {
        return buckets[i];
    }

    @Override
    public void appendFrom(DataPoints other, int i) {
        ExponentialHistogramPoints o = (ExponentialHistogramPoints) other;
        int at = add(o.attributes[i], o.startTimeNanos(i), o.timeNanos(i), o.counts[i], o.sums[i], o.buckets[i],
                o.flags(i));
        copyCommonFrom(o, i, at);
    }

    @Override
    public DataPoints copyEmpty() {
        return new ExponentialHistogramPoints(Math.max(size, 1));
    }

    @Override
    protected void move(int from, int to) {
        counts[to] = counts[from];
        sums[to] = sums[from];
        buckets[to] = buckets[from];
    }

    @Override
    protected void forgetValues(int from, int to) {
        Arrays.fill(buckets, from, to, null);
    }

    @Override
    protected void resize(int c) {
        counts = Arrays.copyOf(counts, c);
        sums = Arrays.copyOf(sums, c);
        buckets = Arrays.copyOf(buckets, c);
    }
}
