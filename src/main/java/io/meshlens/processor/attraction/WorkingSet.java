package io.meshlens.processor.attraction;

import io.meshlens.model.Attributes;

import java.util.Arrays;

/**
 * A mutable, key-sorted copy of an {@link Attributes}, made only when an action changes
 * something, so one action list builds one new set at most (not one per action). Kept sorted so
 * the result wraps the arrays without sorting again.
 */
final class WorkingSet {
    private final Attributes source;
    private String[] keys;
    private Object[] values;
    private int size;
    private boolean changed;

    WorkingSet(Attributes source) {
        this.source = source;
    }

    int size() {
        return changed ? size : source.size();
    }

    String key(int i) {
        return changed ? keys[i] : source.key(i);
    }

    Object get(String key) {
        if (!changed) {
            return source.get(key);
        }
        int i = Arrays.binarySearch(keys, 0, size, key);
        return i < 0 ? null : values[i];
    }

    void put(String key, Object value) {
        if (!changed) {
            Object old = source.get(key);
            if (old != null && sameValue(old, value)) {
                return;
            }
            copy();
        }
        int i = Arrays.binarySearch(keys, 0, size, key);
        if (i >= 0) {
            values[i] = value;
            return;
        }
        int ins = -(i + 1);
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2 + 1);
            values = Arrays.copyOf(values, size * 2 + 1);
        }
        System.arraycopy(keys, ins, keys, ins + 1, size - ins);
        System.arraycopy(values, ins, values, ins + 1, size - ins);
        keys[ins] = key;
        values[ins] = value;
        size++;
    }

    void remove(String key) {
        if (!changed) {
            if (!source.containsKey(key)) {
                return;
            }
            copy();
        }
        int i = Arrays.binarySearch(keys, 0, size, key);
        if (i < 0) {
            return;
        }
        System.arraycopy(keys, i + 1, keys, i, size - i - 1);
        System.arraycopy(values, i + 1, values, i, size - i - 1);
        size--;
        keys[size] = null;
        values[size] = null;
    }

    /** The result: the source instance itself when nothing changed. */
    Attributes build() {
        if (!changed) {
            return source;
        }
        return Attributes.wrapSorted(Arrays.copyOf(keys, size), Arrays.copyOf(values, size));
    }

    private void copy() {
        int n = source.size();
        keys = new String[n + 2];
        values = new Object[n + 2];
        for (int i = 0; i < n; i++) {
            keys[i] = source.key(i);
            values[i] = source.value(i);
        }
        size = n;
        changed = true;
    }

    private static boolean sameValue(Object a, Object b) {
        // Same Java type and equal: a Long 1 and a Double 1.0 are different attribute values.
        return a.getClass() == b.getClass() && (a instanceof byte[] x ? Arrays.equals(x, (byte[]) b) : a.equals(b));
    }
}
