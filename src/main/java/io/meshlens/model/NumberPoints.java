package io.meshlens.model;

import java.util.Arrays;

/** Points of a gauge or sum: one double or int64 value each. */
public final class NumberPoints extends DataPoints {
    private double[] doubleValues;
    private long[] intValues; // null until an int point is added
    private boolean[] isInt;

    public NumberPoints(int capacity) {
        super(capacity);
        doubleValues = new double[attributes.length];
    }

    public NumberPoints() {
        this(8);
    }

    public int addDouble(Attributes a, long startNanos, long nanos, double value, int flags) {
        int i = appendCommon(a, startNanos, nanos, flags);
        doubleValues[i] = value;
        if (isInt != null) {
            isInt[i] = false;
        }
        return i;
    }

    public int addInt(Attributes a, long startNanos, long nanos, long value, int flags) {
        int i = appendCommon(a, startNanos, nanos, flags);
        ensureIntColumns();
        intValues[i] = value;
        isInt[i] = true;
        doubleValues[i] = value;
        return i;
    }

    /** True when point i carries an int64 value (OTLP as_int). */
    public boolean isInt(int i) {
        return isInt != null && isInt[i];
    }

    /** The value as a double (an int value converted). */
    public double value(int i) {
        return doubleValues[i];
    }

    public long intValue(int i) {
        return isInt(i) ? intValues[i] : (long) doubleValues[i];
    }

    public void setDouble(int i, double v) {
        doubleValues[i] = v;
        if (isInt != null) {
            isInt[i] = false;
        }
    }

    public void setInt(int i, long v) {
        ensureIntColumns();
        intValues[i] = v;
        isInt[i] = true;
        doubleValues[i] = v;
    }

    private void ensureIntColumns() {
        if (isInt == null) {
            intValues = new long[attributes.length];
            isInt = new boolean[attributes.length];
        }
    }

    @Override
    public void appendFrom(DataPoints other, int i) {
        NumberPoints o = (NumberPoints) other;
        int at = o.isInt(i)
                ? addInt(o.attributes[i], o.startTimeNanos(i), o.timeNanos(i), o.intValues[i], o.flags(i))
                : addDouble(o.attributes[i], o.startTimeNanos(i), o.timeNanos(i), o.doubleValues[i], o.flags(i));
        copyCommonFrom(o, i, at);
    }

    @Override
    public DataPoints copyEmpty() {
        return new NumberPoints(Math.max(size, 1));
    }

    @Override
    protected void move(int from, int to) {
        doubleValues[to] = doubleValues[from];
        if (isInt != null) {
            isInt[to] = isInt[from];
            intValues[to] = intValues[from];
        }
    }

    @Override
    protected void forgetValues(int from, int to) {
        // primitives only
    }

    @Override
    protected void resize(int capacity) {
        doubleValues = Arrays.copyOf(doubleValues, capacity);
        if (isInt != null) {
            intValues = Arrays.copyOf(intValues, capacity);
            isInt = Arrays.copyOf(isInt, capacity);
        }
    }
}
