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

    private final Map<String, SeriesRef> plain = new HashMap<>();
    private final Map<String, Map<String, SeriesRef>> withExtra = new HashMap<>();
    private final Map<String, Buckets> buckets = new HashMap<>();
    private final Map<String, Buckets> quantiles = new HashMap<>();

    /** The bucket (or quantile) series of one name, for the bounds last seen (bounds arrays are shared per series). */
    private record Buckets(double[] bounds, SeriesRef[] refs) {
    }

    LabelSet(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    SeriesRef series(String metricName) {
        SeriesRef r = plain.get(metricName);
        if (r == null) {
            r = new SeriesRef(encodeWith(metricName, null, null));
            plain.put(metricName, r);
        }
        return r;
    }

    SeriesRef series(String metricName, String extraName, String extraValue) {
        Map<String, SeriesRef> m = withExtra.computeIfAbsent(metricName + '\u0000' + extraName, k -> new HashMap<>());
        SeriesRef r = m.get(extraValue);
        if (r == null) {
            r = new SeriesRef(encodeWith(metricName, extraName, extraValue));
            m.put(extraValue, r);
        }
        return r;
    }

    /** {@code bucketName{le=bound}} for every bound, then {@code le="+Inf"} last. */
    SeriesRef[] buckets(String bucketName, double[] bounds) {
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

    /** Adds __name__ and an optional extra label (both override existing ones) and encodes, sorted. */
    private byte[] encodeWith(String metricName, String extraName, String extraValue) {
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
