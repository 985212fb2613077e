package io.meshlens.relabel;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * An immutable label set sorted by name, as Prometheus's {@code labels.Labels}: the scrape path's
 * label representation. Names and values live in one flat array (name, value, name, value...) so a
 * set of n labels is two objects plus its strings. An absent label and an empty value are the same
 * thing ({@link #get} returns "" for both), as in Prometheus.
 *
 * <p>Names are ordered by code point, which is the byte order of their UTF-8 form that Go sorts by.
 */
public final class Labels {
    private static final String[] NONE = new String[0];
    private static final Labels EMPTY = new Labels(NONE);

    /** name0, value0, name1, value1, ... sorted by name, no duplicates. */
    private final String[] kv;
    private int hash;

    private Labels(String[] kv) {
        this.kv = kv;
    }

    public static Labels empty() {
        return EMPTY;
    }

    /**
     * From alternating names and values in any order; a repeated name keeps its last value. Empty
     * values are kept, as Prometheus's labels.New keeps them (discovery can produce them); the
     * {@link Builder} is what treats an empty value as a deletion.
     */
    public static Labels of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("odd number of arguments: names and values must alternate");
        }
        TreeMap<String, String> m = new TreeMap<>(Labels::compareNames);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return of(m);
    }

    /** From a map; empty values are kept (see {@link #of(String...)}). */
    public static Labels of(Map<String, String> map) {
        TreeMap<String, String> sorted = map instanceof TreeMap<String, String> t && t.comparator() != null
                ? t : new TreeMap<>(Labels::compareNames);
        if (sorted != map) {
            sorted.putAll(map);
        }
        if (sorted.isEmpty()) {
            return EMPTY;
        }
        String[] kv = new String[sorted.size() * 2];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            kv[i++] = e.getKey();
            kv[i++] = e.getValue();
        }
        return new Labels(kv);
    }

    /** The value of {@code name}, or "" when absent. */
    public String get(String name) {
        String[] a = kv;
        for (int i = 0; i < a.length; i += 2) {
            if (a[i].equals(name)) {
                return a[i + 1];
            }
        }
        return "";
    }

    /** Whether a label of this name is present (even with an empty value). */
    public boolean has(String name) {
        String[] a = kv;
        for (int i = 0; i < a.length; i += 2) {
            if (a[i].equals(name)) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return kv.length >> 1;
    }

    public boolean isEmpty() {
        return kv.length == 0;
    }

    public String name(int i) {
        return kv[i << 1];
    }

    public String value(int i) {
        return kv[(i << 1) + 1];
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < kv.length; i += 2) {
            action.accept(kv[i], kv[i + 1]);
        }
    }

    /** A sorted copy as a map (for tests and status pages, not the hot path). */
    public Map<String, String> toMap() {
        Map<String, String> m = new TreeMap<>(Labels::compareNames);
        forEach(m::put);
        return m;
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof Labels l && Arrays.equals(kv, l.kv);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0 && kv.length > 0) {
            h = Arrays.hashCode(kv);
            hash = h;
        }
        return h;
    }

    /** {@code {a="b", c="d"}}, values quoted as Go's strconv.Quote does for printable text. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(16 + kv.length * 8).append('{');
        for (int i = 0; i < kv.length; i += 2) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(kv[i]).append('=');
            quote(sb, kv[i + 1]);
        }
        return sb.append('}').toString();
    }

    private static void quote(StringBuilder sb, String v) {
        sb.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Compares label names in code point order (= UTF-8 byte order, as Go sorts strings). */
    public static int compareNames(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                if (x >= 0xD800 && y >= 0xD800) {
                    // Surrogates (supplementary code points) sort after U+E000..U+FFFF in code point order.
                    return codePointRank(x) - codePointRank(y);
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    private static int codePointRank(char c) {
        return c >= 0xE000 ? c - 0x800 : c + 0x2000;
    }

    /**
     * Changes to a base label set, applied by {@link #labels()}, as Prometheus's {@code labels.Builder}.
     * Setting an empty value deletes the label. Reusable through {@link #reset}; when nothing changed
     * {@link #labels()} returns the base itself, so a rule that only inspects allocates nothing.
     */
    public static final class Builder {
        private Labels base;
        private String[] addNames = new String[4];
        private String[] addValues = new String[4];
        private int adds;
        private String[] dels = new String[4];
        private int delCount;

        public Builder(Labels base) {
            this.base = base;
        }

        public Builder() {
            this(EMPTY);
        }

        public Builder reset(Labels newBase) {
            base = newBase;
            Arrays.fill(addNames, 0, adds, null);
            Arrays.fill(addValues, 0, adds, null);
            Arrays.fill(dels, 0, delCount, null);
            adds = 0;
            delCount = 0;
            return this;
        }

        /** The current value of {@code name} with the changes so far, or "" when absent. */
        public String get(String name) {
            for (int i = 0; i < adds; i++) {
                if (addNames[i].equals(name)) {
                    return addValues[i];
                }
            }
            for (int i = 0; i < delCount; i++) {
                if (dels[i].equals(name)) {
                    return "";
                }
            }
            return base.get(name);
        }

        public Builder set(String name, String value) {
            if (value == null || value.isEmpty()) {
                return del(name);
            }
            for (int i = 0; i < adds; i++) {
                if (addNames[i].equals(name)) {
                    addValues[i] = value;
                    return this;
                }
            }
            if (adds == addNames.length) {
                addNames = Arrays.copyOf(addNames, adds * 2);
                addValues = Arrays.copyOf(addValues, adds * 2);
            }
            addNames[adds] = name;
            addValues[adds++] = value;
            return this;
        }

        public Builder del(String name) {
            for (int i = 0; i < adds; i++) {
                if (addNames[i].equals(name)) {
                    adds--;
                    System.arraycopy(addNames, i + 1, addNames, i, adds - i);
                    System.arraycopy(addValues, i + 1, addValues, i, adds - i);
                    addNames[adds] = null;
                    addValues[adds] = null;
                    break;
                }
            }
            if (delCount == dels.length) {
                dels = Arrays.copyOf(dels, delCount * 2);
            }
            dels[delCount++] = name;
            return this;
        }

        /** The base with the changes applied; the base itself when there are none. */
        public Labels labels() {
            if (adds == 0 && delCount == 0) {
                return base;
            }
            String[] b = base.kv;
            String[] out = new String[b.length + 2 * adds];
            int n = 0;
            outer:
            for (int i = 0; i < b.length; i += 2) {
                String name = b[i];
                for (int d = 0; d < delCount; d++) {
                    if (dels[d].equals(name)) {
                        continue outer;
                    }
                }
                for (int a = 0; a < adds; a++) {
                    if (addNames[a].equals(name)) {
                        continue outer;
                    }
                }
                out[n++] = name;
                out[n++] = b[i + 1];
            }
            if (adds > 0) {
                for (int a = 0; a < adds; a++) {
                    n = insertSorted(out, n, addNames[a], addValues[a]);
                }
            }
            return new Labels(n == out.length ? out : Arrays.copyOf(out, n));
        }

        /** Insertion into the sorted prefix out[0..n): adds are few, so this beats a full sort. */
        private static int insertSorted(String[] out, int n, String name, String value) {
            int pos = n;
            while (pos > 0 && compareNames(out[pos - 2], name) > 0) {
                pos -= 2;
            }
            System.arraycopy(out, pos, out, pos + 2, n - pos);
            out[pos] = name;
            out[pos + 1] = value;
            return n + 2;
        }
    }
}
