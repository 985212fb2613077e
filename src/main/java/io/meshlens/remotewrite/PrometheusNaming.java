package io.meshlens.remotewrite;

import io.meshlens.model.Metric;
import io.meshlens.model.MetricType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OTel → Prometheus metric and label names, as contrib 0.118's {@code pkg/translator/prometheus}
 * ({@code BuildCompliantName}, {@code NormalizeLabel}). The gate
 * {@code pkg.translator.prometheus.NormalizeName} is beta (on) since v0.85, so with
 * {@code add_metric_suffixes: true} names are fully normalized; the gate
 * {@code PermissiveLabelSanitization} is alpha (off), so {@code _x} becomes {@code key_x}.
 */
public final class PrometheusNaming {
    private PrometheusNaming() {
    }

    private static final Map<String, String> UNITS = Map.ofEntries(
            Map.entry("d", "days"), Map.entry("h", "hours"), Map.entry("min", "minutes"),
            Map.entry("s", "seconds"), Map.entry("ms", "milliseconds"), Map.entry("us", "microseconds"),
            Map.entry("ns", "nanoseconds"),
            Map.entry("By", "bytes"), Map.entry("KiBy", "kibibytes"), Map.entry("MiBy", "mebibytes"),
            Map.entry("GiBy", "gibibytes"), Map.entry("TiBy", "tibibytes"), Map.entry("KBy", "kilobytes"),
            Map.entry("MBy", "megabytes"), Map.entry("GBy", "gigabytes"), Map.entry("TBy", "terabytes"),
            Map.entry("m", "meters"), Map.entry("V", "volts"), Map.entry("A", "amperes"), Map.entry("J", "joules"),
            Map.entry("W", "watts"), Map.entry("g", "grams"),
            Map.entry("Cel", "celsius"), Map.entry("Hz", "hertz"), Map.entry("1", ""), Map.entry("%", "percent"));

    private static final Map<String, String> PER_UNITS = Map.of(
            "s", "second", "m", "minute", "h", "hour", "d", "day", "w", "week", "mo", "month", "y", "year");

    /** The Prometheus name of {@code metric} (without _bucket/_sum/_count). */
    public static String metricName(Metric metric, String namespace, boolean addMetricSuffixes) {
        return metricName(metric.name(), metric.unit(), metric.type(), metric.isMonotonic(), namespace,
                addMetricSuffixes);
    }

    public static String metricName(String name, String unit, MetricType type, boolean monotonic, String namespace,
                                    boolean addMetricSuffixes) {
        if (addMetricSuffixes) {
            return normalizedName(name, unit, type, monotonic, namespace);
        }
        String n = joinFields(name, true);
        if (!namespace.isEmpty()) {
            return namespace + "_" + n;
        }
        if (!n.isEmpty() && Character.isDigit(n.charAt(0))) {
            n = "_" + n;
        }
        return n;
    }

    private static String normalizedName(String name, String unit, MetricType type, boolean monotonic,
                                         String namespace) {
        List<String> tokens = fields(name, false);
        int slash = unit.indexOf('/');
        String main = (slash < 0 ? unit : unit.substring(0, slash)).strip();
        if (!main.isEmpty() && !containsBrace(main)) {
            String prom = joinFields(UNITS.getOrDefault(main, main), false);
            if (!prom.isEmpty() && !tokens.contains(prom)) {
                tokens.add(prom);
            }
        }
        if (slash >= 0 && slash + 1 < unit.length()) {
            String per = unit.substring(slash + 1).strip();
            if (!per.isEmpty() && !containsBrace(per)) {
                String prom = joinFields(PER_UNITS.getOrDefault(per, per), false);
                if (!prom.isEmpty() && !tokens.contains(prom)) {
                    tokens.add("per");
                    tokens.add(prom);
                }
            }
        }
        if (type == MetricType.SUM && monotonic) {
            tokens.removeIf("total"::equals);
            tokens.add("total");
        }
        if (unit.equals("1") && type == MetricType.GAUGE) {
            tokens.removeIf("ratio"::equals);
            tokens.add("ratio");
        }
        if (!namespace.isEmpty()) {
            tokens.add(0, namespace);
        }
        String n = String.join("_", tokens);
        if (!n.isEmpty() && Character.isDigit(n.charAt(0))) {
            n = "_" + n;
        }
        return n;
    }

    /**
     * Label-name sanitizing: every rune that is not a letter or digit becomes {@code _}; a leading
     * digit gets {@code key_}; a single leading underscore gets {@code key}.
     */
    public static String labelName(String label) {
        if (label.isEmpty()) {
            return label;
        }
        StringBuilder sb = null;
        for (int i = 0; i < label.length(); ) {
            int cp = label.codePointAt(i);
            int len = Character.charCount(cp);
            if (!Character.isLetterOrDigit(cp)) {
                if (sb == null) {
                    sb = new StringBuilder(label.length()).append(label, 0, i);
                }
                sb.append('_');
            } else if (sb != null) {
                sb.appendCodePoint(cp);
            }
            i += len;
        }
        String s = sb == null ? label : sb.toString();
        if (Character.isDigit(s.charAt(0))) {
            return "key_" + s;
        }
        if (s.startsWith("_") && !s.startsWith("__")) {
            return "key" + s;
        }
        return s;
    }

    private static boolean containsBrace(String s) {
        return s.indexOf('{') >= 0 || s.indexOf('}') >= 0;
    }

    /** Go's strings.FieldsFunc on "not a letter or digit" (optionally also keeping '_' and ':'). */
    private static List<String> fields(String s, boolean keepUnderscoreColon) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            boolean keep = Character.isLetterOrDigit(cp) || keepUnderscoreColon && (cp == '_' || cp == ':');
            if (keep && start < 0) {
                start = i;
            } else if (!keep && start >= 0) {
                out.add(s.substring(start, i));
                start = -1;
            }
            i += Character.charCount(cp);
        }
        if (start >= 0) {
            out.add(s.substring(start));
        }
        return out;
    }

    private static String joinFields(String s, boolean keepUnderscoreColon) {
        return String.join("_", fields(s, keepUnderscoreColon));
    }
}
