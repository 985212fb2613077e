package io.meshlens.remotewrite;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The labels every series of one (resource, data-point attributes) pair shares — sanitized,
 * collision-joined, job/instance and external labels applied, sorted — and the {@link SeriesRef}s
 * made from them by adding {@code __name__} (and {@code le}/{@code quantile}). Interned by content
 * in {@link LabelCache}, so equal label sets share one instance and therefore one SeriesRef per
 * series, which is what lets the encoder merge samples of a series without a per-batch map.
 */
final class LabelSet {
    static final String NAME = "__name__";

    final String[] names;
    final String[] values;
    private final int hash;
    int lastUsed;

    /** These labels less {@code __name__}, encoded once for all series; null until the first series. */
    private byte[] shared;
    // Created on first use: most label sets only have plain series (counters, gauges).
    private Map<String, SeriesRef> plain;
    private Map<String, ExtraSeries> withExtra;
    private Map<String, Buckets> buckets;
    private Map<String, Buckets> quantiles;

    /**
     * The series of one name with one extra label name, by extra label value. {@code head} is their
     * labels up to the extra one (shared bytes before {@code extraAt} with {@code __name__}), shared
     * by all; null when the extra label does not follow {@code __name__} or replaces a label of the
     * set (rare: each such series has its own bytes).
     */
    private record ExtraSeries(byte[] head, int extraAt, Map<String, SeriesRef> byValue) {
    }

    /** The bucket (or quantile) series of one name, for the bounds last seen (bounds arrays are shared per series). */
    private record Buckets(double[] bounds, SeriesRef[] refs) {
    }

    LabelSet(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    SeriesRef series(String metricName) {
        if (plain == null) {
            plain = new HashMap<>();
        }
        SeriesRef r = plain.get(metricName);
        if (r == null) {
            byte[] s = shared();
            int at = endOfLabelsUpTo(s, NAME);
            r = new SeriesRef(s, at, SharedLabels.PROCESS.label(NAME, metricName), s, at);
            plain.put(metricName, r);
        }
        return r;
    }

    SeriesRef series(String metricName, String extraName, String extraValue) {
        if (withExtra == null) {
            withExtra = new HashMap<>();
        }
        ExtraSeries e = withExtra.computeIfAbsent(metricName + '\u0000' + extraName,
                k -> extraSeries(metricName, extraName));
        SeriesRef r = e.byValue().get(extraValue);
        if (r == null) {
            r = e.head() == null ? new SeriesRef(encodeWith(metricName, extraName, extraValue))
                    : new SeriesRef(e.head(), e.head().length, SharedLabels.PROCESS.label(extraName, extraValue), shared(),
                            e.extraAt());
            e.byValue().put(extraValue, r);
        }
        return r;
    }

    /**
     * Where {@link #encodeWith} puts {@code __name__} and the extra label: each after the last label
     * whose name sorts at or before its own, the extra label after {@code __name__} when both go to
     * the same place and {@code __name__} does not sort after it.
     */
    private ExtraSeries extraSeries(String metricName, String extraName) {
        Map<String, SeriesRef> byValue = new HashMap<>();
        if (extraName.equals(NAME) || Arrays.asList(names).contains(extraName)) {
            return new ExtraSeries(null, 0, byValue); // replaces one of the set's labels
        }
        byte[] s = shared();
        int nameAt = endOfLabelsUpTo(s, NAME);
        int extraAt = endOfLabelsUpTo(s, extraName);
        if (extraAt <= nameAt && NAME.compareTo(extraName) > 0) {
            return new ExtraSeries(null, 0, byValue); // sorts before __name__
        }
        byte[] name = SeriesRef.encodeLabel(NAME, metricName);
        byte[] head = new byte[extraAt + name.length];
        System.arraycopy(s, 0, head, 0, nameAt);
        System.arraycopy(name, 0, head, nameAt, name.length);
        System.arraycopy(s, nameAt, head, nameAt + name.length, extraAt - nameAt);
        return new ExtraSeries(head, extraAt, byValue);
    }

    private byte[] shared() {
        if (shared == null) {
            int n = 0;
            String[] ns = new String[names.length];
            String[] vs = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                if (!names[i].equals(NAME)) {
                    ns[n] = names[i];
                    vs[n++] = values[i];
                }
            }
            shared = SeriesRef.encodeLabels(ns, vs, n);
        }
        return shared;
    }

    /**
     * The byte offset in {@code shared} just after the last label whose name is at or before
     * {@code name} (0 if none): where {@code insertSorted} would put a label of that name.
     */
    private int endOfLabelsUpTo(byte[] shared, String name) {
        int end = 0;
        int p = 0;
        for (String n : names) {
            if (n.equals(NAME)) {
                continue; // not in the shared bytes
            }
            p = skipField(shared, p);
            if (n.compareTo(name) <= 0) {
                end = p;
            }
        }
        return end;
    }

    /** The position after the length-delimited field (one-byte tag) at {@code p}. */
    private static int skipField(byte[] b, int p) {
        p++;
        int len = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[p++];
            len |= (x & 0x7F) << shift;
            if (x >= 0) {
                return p + len;
            }
        }
    }

    /** {@code bucketName{le=bound}} for every bound, then {@code le="+Inf"} last. */
    SeriesRef[] buckets(String bucketName, double[] bounds) {
        if (buckets == null) {
            buckets = new HashMap<>();
        }
        Buckets b = buckets.get(bucketName);
        if (b != null && (b.bounds == bounds || Arrays.equals(b.bounds, bounds))) {
            return b.refs;
        }
        SeriesRef[] refs = new SeriesRef[bounds.length + 1];
        for (int i = 0; i < bounds.length; i++) {
            refs[i] = series(bucketName, "le", formatBound(bounds[i]));
        }
        refs[bounds.length] = series(bucketName, "le", "+Inf");
        buckets.put(bucketName, new Buckets(bounds, refs));
        return refs;
    }

    /** {@code name{quantile=q}} for every quantile, cached like {@link #buckets}. */
    SeriesRef[] quantiles(String name, double[] qs) {
        if (quantiles == null) {
            quantiles = new HashMap<>();
        }
        Buckets b = quantiles.get(name);
        if (b != null && (b.bounds == qs || Arrays.equals(b.bounds, qs))) {
            return b.refs;
        }
        SeriesRef[] refs = new SeriesRef[qs.length];
        for (int i = 0; i < qs.length; i++) {
            refs[i] = series(name, "quantile", formatBound(qs[i]));
        }
        quantiles.put(name, new Buckets(qs, refs));
        return refs;
    }

    /** Go's strconv.FormatFloat(f, 'f', -1, 64): shortest decimal, never exponent notation. */
    static String formatBound(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (d == 0) {
            return "0";
        }
        String s = new java.math.BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
        return s;
    }

    /**
     * Adds __name__ and an optional extra label (both override existing ones) and encodes, sorted:
     * all of a series' labels in one array (the reference the shared form must reproduce).
     */
    byte[] encodeWith(String metricName, String extraName, String extraValue) {
        int n = names.length;
        String[] ns = new String[n + 2];
        String[] vs = new String[n + 2];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (names[i].equals(NAME) || names[i].equals(extraName)) {
                continue;
            }
            ns[k] = names[i];
            vs[k++] = values[i];
        }
        k = insertSorted(ns, vs, k, NAME, metricName);
        if (extraName != null) {
            k = insertSorted(ns, vs, k, extraName, extraValue);
        }
        return SeriesRef.encodeLabels(ns, vs, k);
    }

    private static int insertSorted(String[] ns, String[] vs, int k, String name, String value) {
        int at = k;
        while (at > 0 && ns[at - 1].compareTo(name) > 0) {
            ns[at] = ns[at - 1];
            vs[at] = vs[at - 1];
            at--;
        }
        ns[at] = name;
        vs[at] = value;
        return k + 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelSet l && l.hash == hash && Arrays.equals(l.names, names)
                && Arrays.equals(l.values, values);
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
