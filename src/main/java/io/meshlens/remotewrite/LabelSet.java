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
    // Created on first use: most label sets only have plain series (counters, gauges). Both maps
    // start with room for the usual few entries (a counter's series; a histogram's _sum and _count;
    // one histogram's buckets), not HashMap's 16 slots: 48 bytes less per label set and map.
    private Map<String, SeriesRef> plain;
    /**
     * Series with an extra label ({@code le}, {@code quantile}) by metric name: a probe with the name
     * string the encoder already holds, no key built per lookup. The rare name with two extra label
     * names (a summary named like another histogram's buckets) chains the second through {@code next}.
     */
    private Map<String, ExtraSeries> withExtra;

    LabelSet(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    SeriesRef series(String metricName) {
        if (plain == null) {
            plain = new HashMap<>(4);
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
        return extraSeries(metricName, extraName).of(extraValue);
    }

    /** {@code bucketName{le=bound}} for every bound, then {@code le="+Inf"} last. */
    SeriesRef[] buckets(String bucketName, double[] bounds) {
        return extraSeries(bucketName, "le").layout(bounds, true);
    }

    /** {@code name{quantile=q}} for every quantile. */
    SeriesRef[] quantiles(String name, double[] qs) {
        return extraSeries(name, "quantile").layout(qs, false);
    }

    private ExtraSeries extraSeries(String metricName, String extraName) {
        if (withExtra == null) {
            withExtra = new HashMap<>(2);
        }
        ExtraSeries first = withExtra.get(metricName);
        for (ExtraSeries e = first; e != null; e = e.next) {
            if (e.extraName.equals(extraName)) {
                return e;
            }
        }
        ExtraSeries e = new ExtraSeries(metricName, extraName, first);
        withExtra.put(metricName, e);
        return e;
    }

    /**
     * The series of one name with one extra label, exactly one SeriesRef per extra label value: the
     * encoder merges a batch's samples by SeriesRef identity, so a histogram whose bounds change (a
     * bucket added or removed, even back and forth within one batch) must get the same objects for
     * the bounds it had before, and {@code series(name, "le", v)} the one {@code buckets} hands out.
     *
     * <p>Values that are numbers as {@link #formatBound} writes them (all bucket bounds and quantiles)
     * are kept in arrays sorted by number, not in a map by value string (a HashMap node and a String
     * per bucket series cost more than the series itself); a new layout finds its series by binary
     * search. The series last asked for, in the caller's order, are kept to answer the next identical
     * layout without a search; when that is the sorted list (the usual case) it is the same array.
     */
    private final class ExtraSeries {
        private static final double[] NO_NUMBERS = {};
        private static final SeriesRef[] NO_REFS = {};

        final String metricName;
        final String extraName;
        final ExtraSeries next;
        /**
         * Their labels up to the extra one (shared bytes before {@code extraAt} with {@code __name__}),
         * shared by all; null when the extra label does not follow {@code __name__} or replaces a
         * label of the set (rare: each such series has its own bytes).
         */
        private final byte[] head;
        private final int extraAt;
        /** Every number handed out, sorted, -0.0 as 0 (both are written "0"), and its series. */
        private double[] numbers = NO_NUMBERS;
        private SeriesRef[] numberRefs = NO_REFS;
        /** The layout last asked for and its series (+Inf last for buckets); null before the first. */
        private double[] layout;
        private SeriesRef[] layoutRefs;
        /** Values formatBound never writes; only {@link #series(String, String, String)} asks for them. */
        private Map<String, SeriesRef> byText;

        /**
         * Where {@link #encodeWith} puts {@code __name__} and the extra label: each after the last label
         * whose name sorts at or before its own, the extra label after {@code __name__} when both go to
         * the same place and {@code __name__} does not sort after it.
         */
        ExtraSeries(String metricName, String extraName, ExtraSeries next) {
            this.metricName = metricName;
            this.extraName = extraName;
            this.next = next;
            if (extraName.equals(NAME) || Arrays.asList(names).contains(extraName)) {
                head = null; // replaces one of the set's labels
                extraAt = 0;
                return;
            }
            byte[] s = shared();
            int nameAt = endOfLabelsUpTo(s, NAME);
            extraAt = endOfLabelsUpTo(s, extraName);
            if (extraAt <= nameAt && NAME.compareTo(extraName) > 0) {
                head = null; // sorts before __name__
                return;
            }
            byte[] name = SeriesRef.encodeLabel(NAME, metricName);
            head = new byte[extraAt + name.length];
            System.arraycopy(s, 0, head, 0, nameAt);
            System.arraycopy(name, 0, head, nameAt, name.length);
            System.arraycopy(s, nameAt, head, nameAt + name.length, extraAt - nameAt);
        }

        /** The series for each of {@code values}, in their order, then for +Inf if {@code plusInf}. */
        SeriesRef[] layout(double[] values, boolean plusInf) {
            if (layout != null && (layout == values || Arrays.equals(layout, values))) {
                return layoutRefs;
            }
            SeriesRef[] refs = new SeriesRef[plusInf ? values.length + 1 : values.length];
            for (int i = 0; i < refs.length; i++) {
                refs[i] = of(i < values.length ? values[i] : Double.POSITIVE_INFINITY);
            }
            layout = values;
            layoutRefs = Arrays.equals(refs, numberRefs) ? numberRefs : refs;
            return layoutRefs;
        }

        SeriesRef of(String value) {
            Double number = parseBound(value);
            if (number != null) {
                return of(number);
            }
            if (byText == null) {
                byText = new HashMap<>();
            }
            return byText.computeIfAbsent(value, this::make);
        }

        private SeriesRef of(double number) {
            double key = number == 0 ? 0 : number;
            int at = Arrays.binarySearch(numbers, key);
            if (at >= 0) {
                return numberRefs[at];
            }
            at = -at - 1;
            SeriesRef r = make(formatBound(key));
            double[] ns = new double[numbers.length + 1];
            SeriesRef[] rs = new SeriesRef[ns.length];
            System.arraycopy(numbers, 0, ns, 0, at);
            System.arraycopy(numberRefs, 0, rs, 0, at);
            ns[at] = key;
            rs[at] = r;
            System.arraycopy(numbers, at, ns, at + 1, numbers.length - at);
            System.arraycopy(numberRefs, at, rs, at + 1, numbers.length - at);
            numbers = ns;
            numberRefs = rs;
            return r;
        }

        private SeriesRef make(String value) {
            return head == null ? new SeriesRef(encodeWith(metricName, extraName, value))
                    : new SeriesRef(head, head.length, SharedLabels.PROCESS.label(extraName, value), shared(), extraAt);
        }
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

    /** The number {@link #formatBound} writes as {@code value}, or null if it writes no number so. */
    private static Double parseBound(String value) {
        double d;
        try {
            d = switch (value) {
                case "+Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(value);
            };
        } catch (NumberFormatException e) {
            return null;
        }
        return formatBound(d).equals(value) ? d : null;
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
