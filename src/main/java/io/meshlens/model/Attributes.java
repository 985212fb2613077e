package io.meshlens.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Immutable attribute set (resource, scope, data-point or span attributes), sorted by key.
 *
 * <p>Values are {@link String}, {@link Long}, {@link Double}, {@link Boolean}, {@code byte[]},
 * {@link java.util.List} of those, or a nested {@link Attributes} (OTLP kvlist). Prometheus-sourced
 * data only ever holds strings.
 *
 * <p>Why immutable and shared: the scrape cache hands out the same instance for a series on every
 * scrape, so processors can memoize per-series decisions by identity and exporters can keep
 * pre-encoded label bytes per instance. Never mutate the arrays of an instance after construction.
 */
public final class Attributes {
    public static final Attributes EMPTY = new Attributes(new String[0], new Object[0]);

    private final String[] keys;
    private final Object[] values;
    private int hash;

    private Attributes(String[] keys, Object[] values) {
        this.keys = keys;
        this.values = values;
    }

    /** Builds from alternating key, value pairs; later duplicates win. */
    public static Attributes of(Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("key/value pairs expected");
        }
        Builder b = builder(keyValues.length / 2);
        for (int i = 0; i < keyValues.length; i += 2) {
            b.put((String) keyValues[i], keyValues[i + 1]);
        }
        return b.build();
    }

    public static Attributes ofMap(Map<String, ?> map) {
        Builder b = builder(map.size());
        map.forEach(b::put);
        return b.build();
    }

    /**
     * Wraps arrays that are already sorted by key with unique keys, without copying. For hot paths
     * (parsers) that produce sorted label sets; the caller hands over ownership of both arrays.
     */
    public static Attributes wrapSorted(String[] sortedKeys, Object[] values) {
        if (sortedKeys.length == 0) {
            return EMPTY;
        }
        return new Attributes(sortedKeys, values);
    }

    public static Builder builder() {
        return new Builder(8);
    }

    public static Builder builder(int expectedSize) {
        return new Builder(expectedSize);
    }

    public int size() {
        return keys.length;
    }

    public boolean isEmpty() {
        return keys.length == 0;
    }

    public String key(int i) {
        return keys[i];
    }

    public Object value(int i) {
        return values[i];
    }

    /** Index of {@code key}, or a negative number when absent. */
    public int indexOf(String key) {
        // Attribute sets are small (tens of keys): linear scan beats binary search on short arrays
        // of mostly-interned strings, and both are allocation-free.
        if (keys.length <= 8) {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i].equals(key)) {
                    return i;
                }
            }
            return -1;
        }
        return Arrays.binarySearch(keys, key);
    }

    public boolean containsKey(String key) {
        return indexOf(key) >= 0;
    }

    public Object get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    /** The value rendered as OTLP's {@code AsString()} would, or null when absent. */
    public String getString(String key) {
        int i = indexOf(key);
        return i < 0 ? null : AttributeValues.asString(values[i]);
    }

    /** A copy with {@code key} set to {@code value} (insert or replace). */
    public Attributes with(String key, Object value) {
        Objects.requireNonNull(value, "value");
        int i = indexOf(key);
        if (i >= 0) {
            if (values[i].equals(value)) {
                return this;
            }
            Object[] nv = values.clone();
            nv[i] = value;
            return new Attributes(keys, nv);
        }
        int ins = -(Arrays.binarySearch(keys, key) + 1);
        String[] nk = new String[keys.length + 1];
        Object[] nv = new Object[keys.length + 1];
        System.arraycopy(keys, 0, nk, 0, ins);
        System.arraycopy(values, 0, nv, 0, ins);
        nk[ins] = key;
        nv[ins] = value;
        System.arraycopy(keys, ins, nk, ins + 1, keys.length - ins);
        System.arraycopy(values, ins, nv, ins + 1, keys.length - ins);
        return new Attributes(nk, nv);
    }

    /** A copy without {@code key}; this instance when the key is absent. */
    public Attributes without(String key) {
        int i = indexOf(key);
        if (i < 0) {
            return this;
        }
        if (keys.length == 1) {
            return EMPTY;
        }
        String[] nk = new String[keys.length - 1];
        Object[] nv = new Object[keys.length - 1];
        System.arraycopy(keys, 0, nk, 0, i);
        System.arraycopy(values, 0, nv, 0, i);
        System.arraycopy(keys, i + 1, nk, i, keys.length - i - 1);
        System.arraycopy(values, i + 1, nv, i, keys.length - i - 1);
        return new Attributes(nk, nv);
    }

    public Builder toBuilder() {
        Builder b = new Builder(keys.length + 4);
        for (int i = 0; i < keys.length; i++) {
            b.put(keys[i], values[i]);
        }
        return b;
    }

    public void forEach(BiConsumer<String, Object> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept(keys[i], values[i]);
        }
    }

    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        forEach(m::put);
        return m;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Attributes other) || other.keys.length != keys.length || other.hashCode() != hashCode()) {
            return false;
        }
        return Arrays.equals(keys, other.keys) && Arrays.deepEquals(values, other.values);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = 31 * Arrays.hashCode(keys) + Arrays.deepHashCode(values);
            hash = h == 0 ? 1 : h;
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < keys.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(keys[i]).append('=').append(AttributeValues.asString(values[i]));
        }
        return sb.append('}').toString();
    }

    /** Mutable builder; {@link #build()} sorts and de-duplicates (last put wins). */
    public static final class Builder {
        private String[] keys;
        private Object[] values;
        private int size;

        private Builder(int capacity) {
            keys = new String[Math.max(capacity, 1)];
            values = new Object[Math.max(capacity, 1)];
        }

        public Builder put(String key, Object value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    values[i] = value;
                    return this;
                }
            }
            if (size == keys.length) {
                keys = Arrays.copyOf(keys, size * 2);
                values = Arrays.copyOf(values, size * 2);
            }
            keys[size] = key;
            values[size] = value;
            size++;
            return this;
        }

        public Builder putAll(Attributes a) {
            for (int i = 0; i < a.size(); i++) {
                put(a.key(i), a.value(i));
            }
            return this;
        }

        public Builder remove(String key) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    System.arraycopy(keys, i + 1, keys, i, size - i - 1);
                    System.arraycopy(values, i + 1, values, i, size - i - 1);
                    size--;
                    keys[size] = null;
                    values[size] = null;
                    return this;
                }
            }
            return this;
        }

        public Object get(String key) {
            for (int i = 0; i < size; i++) {
                if (keys[i].equals(key)) {
                    return values[i];
                }
            }
            return null;
        }

        public int size() {
            return size;
        }

        public Attributes build() {
            if (size == 0) {
                return EMPTY;
            }
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> keys[a].compareTo(keys[b]));
            String[] k = new String[size];
            Object[] v = new Object[size];
            for (int i = 0; i < size; i++) {
                k[i] = keys[order[i]];
                v[i] = values[order[i]];
            }
            return new Attributes(k, v);
        }
    }
}
