package io.meshlens.telemetry;

import io.meshlens.model.AttributeValues;
import io.meshlens.model.Attributes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * meshlens's own metrics (Collector-compatible {@code otelcol_*} names), exposed as Prometheus
 * text on {@code service.telemetry.metrics.address}. One small API for every component: ask for
 * an instrument by name + labels once (at creation), then update it on the hot path without
 * allocating. Asking twice for the same name and labels returns the same instrument.
 *
 * <p>As the Collector's self-telemetry, counters are exposed without a {@code _total} suffix and
 * every series carries the constant labels (service_name, service_instance_id, service_version).
 */
public final class Telemetry {
    /** Instrument kinds, as written in {@code # TYPE}. */
    public enum Type { COUNTER, GAUGE, HISTOGRAM }

    private record Family(String name, String help, Type type, Map<Attributes, Object> series) {
    }

    private final Map<String, Family> families = new ConcurrentHashMap<>();
    private final Attributes constLabels;

    public Telemetry(Attributes constLabels) {
        this.constLabels = constLabels;
    }

    public Telemetry() {
        this(Attributes.EMPTY);
    }

    public Attributes constLabels() {
        return constLabels;
    }

    /** A monotonically increasing integer counter. */
    public Counter counter(String name, String help, Attributes labels) {
        return (Counter) family(name, help, Type.COUNTER).series.computeIfAbsent(labels, k -> new Counter());
    }

    /** A monotonically increasing double counter (e.g. CPU seconds). */
    public DoubleCounter doubleCounter(String name, String help, Attributes labels) {
        return (DoubleCounter) family(name, help, Type.COUNTER).series.computeIfAbsent(labels, k -> new DoubleCounter());
    }

    /** A settable gauge. */
    public Gauge gauge(String name, String help, Attributes labels) {
        return (Gauge) family(name, help, Type.GAUGE).series.computeIfAbsent(labels, k -> new Gauge());
    }

    /** A gauge read from {@code supplier} at exposition time; replaces an earlier callback for the same labels. */
    public void gaugeCallback(String name, String help, Attributes labels, DoubleSupplier supplier) {
        family(name, help, Type.GAUGE).series.put(labels, supplier);
    }

    /** A counter read from {@code supplier} at exposition time. */
    public void counterCallback(String name, String help, Attributes labels, DoubleSupplier supplier) {
        family(name, help, Type.COUNTER).series.put(labels, supplier);
    }

    /** A histogram with the given upper bounds (exclusive of +Inf). */
    public Histogram histogram(String name, String help, Attributes labels, double[] bounds) {
        return (Histogram) family(name, help, Type.HISTOGRAM).series.computeIfAbsent(labels, k -> new Histogram(bounds));
    }

    /** Removes one series (e.g. when a component or target goes away). */
    public void remove(String name, Attributes labels) {
        Family f = families.get(name);
        if (f != null) {
            f.series.remove(labels);
        }
    }

    /**
     * Current value of a counter or gauge series, or NaN when absent. For histograms, the count.
     * Used by tests and by status pages.
     */
    public double value(String name, Attributes labels) {
        Family f = families.get(name);
        if (f == null) {
            return Double.NaN;
        }
        Object s = f.series.get(labels);
        return s == null ? Double.NaN : read(s);
    }

    /** Sum over every series of {@code name} whose labels include all of {@code match}. */
    public double sum(String name, Attributes match) {
        Family f = families.get(name);
        if (f == null) {
            return 0;
        }
        double total = 0;
        for (Map.Entry<Attributes, Object> e : f.series.entrySet()) {
            if (includes(e.getKey(), match)) {
                total += read(e.getValue());
            }
        }
        return total;
    }

    private static boolean includes(Attributes labels, Attributes match) {
        for (int i = 0; i < match.size(); i++) {
            if (!match.value(i).equals(labels.get(match.key(i)))) {
                return false;
            }
        }
        return true;
    }

    private static double read(Object s) {
        return switch (s) {
            case Counter c -> c.get();
            case DoubleCounter c -> c.get();
            case Gauge g -> g.get();
            case Histogram h -> h.count();
            case DoubleSupplier d -> d.getAsDouble();
            default -> Double.NaN;
        };
    }

    /** Prometheus text format 0.0.4 of every family, sorted by name. */
    public String toPrometheusText() {
        StringBuilder sb = new StringBuilder(4096);
        Map<String, Family> sorted = new TreeMap<>(families);
        for (Family f : sorted.values()) {
            if (f.series.isEmpty()) {
                continue;
            }
            sb.append("# HELP ").append(f.name).append(' ').append(escapeHelp(f.help)).append('\n');
            sb.append("# TYPE ").append(f.name).append(' ').append(f.type.name().toLowerCase()).append('\n');
            List<Map.Entry<Attributes, Object>> entries = new ArrayList<>(f.series.entrySet());
            entries.sort((a, b) -> a.getKey().toString().compareTo(b.getKey().toString()));
            for (Map.Entry<Attributes, Object> e : entries) {
                Attributes labels = withConst(e.getKey());
                if (e.getValue() instanceof Histogram h) {
                    h.write(sb, f.name, labels);
                } else {
                    writeSample(sb, f.name, labels, null, null, read(e.getValue()));
                }
            }
        }
        return sb.toString();
    }

    private Attributes withConst(Attributes labels) {
        if (constLabels.isEmpty()) {
            return labels;
        }
        Attributes.Builder b = constLabels.toBuilder();
        b.putAll(labels);
        return b.build();
    }

    static void writeSample(StringBuilder sb, String name, Attributes labels, String extraKey, String extraValue,
                            double value) {
        sb.append(name);
        if (!labels.isEmpty() || extraKey != null) {
            sb.append('{');
            boolean first = true;
            for (int i = 0; i < labels.size(); i++) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                sb.append(labels.key(i)).append("=\"").append(escapeValue(AttributeValues.asString(labels.value(i))))
                        .append('"');
            }
            if (extraKey != null) {
                if (!first) {
                    sb.append(',');
                }
                sb.append(extraKey).append("=\"").append(extraValue).append('"');
            }
            sb.append('}');
        }
        sb.append(' ').append(formatValue(value)).append('\n');
    }

    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String escapeValue(String s) {
        if (s.indexOf('\\') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
            return s;
        }
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private Family family(String name, String help, Type type) {
        Family f = families.computeIfAbsent(name, n -> new Family(n, help, type, new ConcurrentHashMap<>()));
        if (f.type != type) {
            throw new IllegalArgumentException("telemetry metric " + name + " registered as " + f.type + ", not " + type);
        }
        return f;
    }

    /** Integer counter. */
    public static final class Counter {
        private final LongAdder v = new LongAdder();

        public void add(long n) {
            v.add(n);
        }

        public void inc() {
            v.increment();
        }

        public long get() {
            return v.sum();
        }
    }

    /** Double counter. */
    public static final class DoubleCounter {
        private final DoubleAdder v = new DoubleAdder();

        public void add(double n) {
            v.add(n);
        }

        public double get() {
            return v.sum();
        }
    }

    /** Settable gauge (long precision is enough for sizes and counts; doubles via set(double)). */
    public static final class Gauge {
        private final AtomicLong bits = new AtomicLong(Double.doubleToRawLongBits(0));

        public void set(double v) {
            bits.set(Double.doubleToRawLongBits(v));
        }

        public void add(double d) {
            bits.getAndUpdate(b -> Double.doubleToRawLongBits(Double.longBitsToDouble(b) + d));
        }

        public double get() {
            return Double.longBitsToDouble(bits.get());
        }
    }

    /** Cumulative histogram. */
    public static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final DoubleAdder sum = new DoubleAdder();
        private final LongAdder count = new LongAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds.clone();
            this.buckets = new LongAdder[bounds.length + 1];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        public void record(double v) {
            int i = 0;
            while (i < bounds.length && v > bounds[i]) {
                i++;
            }
            buckets[i].increment();
            sum.add(v);
            count.increment();
        }

        public long count() {
            return count.sum();
        }

        public double sum() {
            return sum.sum();
        }

        void write(StringBuilder sb, String name, Attributes labels) {
            long cum = 0;
            for (int i = 0; i < bounds.length; i++) {
                cum += buckets[i].sum();
                writeSample(sb, name + "_bucket", labels, "le", formatValue(bounds[i]), cum);
            }
            cum += buckets[bounds.length].sum();
            writeSample(sb, name + "_bucket", labels, "le", "+Inf", cum);
            writeSample(sb, name + "_sum", labels, null, null, sum());
            writeSample(sb, name + "_count", labels, null, null, count());
        }
    }
}
