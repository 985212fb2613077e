package io.meshlens.model;

import java.util.Arrays;

/** Points of a summary: count, sum and (quantile, value) pairs sorted by quantile. */
public final class SummaryPoints extends DataPoints {
    private long[] counts;
    private double[] sums;
    private double[][] quantiles;
    private double[][] quantileValues;

    public SummaryPoints(int capacity) {
        super(capacity);
        int c = attributes.length;
        counts = new long[c];
        sums = new double[c];
        quantiles = new double[c][];
        quantileValues = new double[c][];
    }

    public SummaryPoints() {
        this(4);
    }

    public int add(Attributes a, long startNanos, long nanos, long count, double sum, double[] qs, double[] values,
                   int flags) {
        int i = appendCommon(a, startNanos, nanos, flags);
        counts[i] = count;
        sums[i] = sum;
        quantiles[i] = qs;
        quantileValues[i] = values;
        return i;
    }

    public long count(int i) {
        return counts[i];
    }

    public double sum(int i) {
        return sums[i];
    }

    public double[] quantiles(int i) {
        return quantiles[i];
    }

    public double[] quantileValues(int i) {
        return quantileValues[i];
    }

    @Override
    public void appendFrom(DataPoints other, int i) {
        SummaryPoints o = (SummaryPoints) other;
        int at = add(o.attributes[i], o.startTimeNanos(i), o.timeNanos(i), o.counts[i], o.sums[i], o.quantiles[i],
                o.quantileValues[i], o.flags(i));
        copyCommonFrom(o, i, at);
    }

    @Override
    public DataPoints copyEmpty() {
        return new SummaryPoints(Math.max(size, 1));
    }

    @Override
    protected void move(int from, int to) {
        counts[to] = counts[from];
        sums[to] = sums[from];
        quantiles[to] = quantiles[from];
        quantileValues[to] = quantileValues[from];
    }

    @Override
    protected void forgetValues(int from, int to) {
        Arrays.fill(quantiles, from, to, null);
        Arrays.fill(quantileValues, from, to, null);
    }

    @Override
    protected void resize(int c) {
        counts = Arrays.copyOf(counts, c);
        sums = Arrays.copyOf(sums, c);
        quantiles = Arrays.copyOf(quantiles, c);
        quantileValues = Arrays.copyOf(quantileValues, c);
    }
}
