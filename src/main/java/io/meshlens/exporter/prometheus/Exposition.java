package io.meshlens.exporter.prometheus;

import io.meshlens.model.Attributes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes the live series as one page: Prometheus text format 0.0.4, or OpenMetrics 1.0 (counter
 * families named without {@code _total}, float {@code le}s, timestamps in seconds, {@code # EOF}).
 * Families are sorted by name and series by label text, as client_golang's registry does; one
 * {@code target_info} gauge per resource (job/instance + its other attributes) comes first.
 */
final class Exposition {
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final boolean openMetrics;
    private final boolean sendTimestamps;
    private final String targetInfoName;
    private final Map<Attributes, String> targetInfoCache;
    private final StringBuilder out = new StringBuilder(16 * 1024);

    /**
     * @param targetInfoCache rendered target_info labels per resource instance, kept by the exporter
     *        between scrapes (resources are shared instances, so this is an identity cache)
     */
    Exposition(boolean openMetrics, boolean sendTimestamps, String namespace, Map<Attributes, String> targetInfoCache) {
        this.openMetrics = openMetrics;
        this.sendTimestamps = sendTimestamps;
        this.targetInfoName = namespace.isEmpty() ? "target_info" : Accumulator.labelName(namespace) + "_target_info";
        this.targetInfoCache = targetInfoCache;
    }

    String contentType() {
        return openMetrics ? OPENMETRICS : TEXT;
    }

    StringBuilder page() {
        return out;
    }

    void write(Collection<Series> live, Map<String, Accumulator.Family> families) {
        writeTargetInfo(live);
        Map<String, List<Series>> byFamily = new TreeMap<>();
        for (Series s : live) {
            byFamily.computeIfAbsent(s.family, k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<Series>> e : byFamily.entrySet()) {
            Accumulator.Family f = families.get(e.getKey());
            List<Series> list = e.getValue();
            list.sort(Comparator.comparing(s -> s.labels));
            family(e.getKey(), f.type(), f.help(), list);
        }
        if (openMetrics) {
            out.append("# EOF\n");
        }
    }

    private void writeTargetInfo(Collection<Series> live) {
        Set<Attributes> resources = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Set<String> labelSets = new LinkedHashSet<>();
        Map<Attributes, String> seen = new HashMap<>();
        for (Series s : live) {
            if (!resources.add(s.resource)) {
                continue;
            }
            String l = targetInfoCache.get(s.resource);
            if (l == null && !targetInfoCache.containsKey(s.resource)) {
                l = Accumulator.targetInfoLabels(s.resource);
                targetInfoCache.put(s.resource, l);
            }
            seen.put(s.resource, l);
            if (l != null) {
                labelSets.add(l);
            }
        }
        // Drop cache entries of resources that no longer have series.
        targetInfoCache.keySet().retainAll(seen.keySet());
        if (labelSets.isEmpty()) {
            return;
        }
        List<String> sorted = new ArrayList<>(labelSets);
        sorted.sort(null);
        header(targetInfoName, "gauge", "Target metadata");
        for (String l : sorted) {
            sample(targetInfoName, l, null, null, "1", 0);
        }
    }

    private void family(String name, FamilyType type, String help, List<Series> list) {
        String familyName = name;
        String sampleName = name;
        if (type == FamilyType.COUNTER && openMetrics) {
            familyName = name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
            sampleName = familyName + "_total";
        }
        header(familyName, type.text, help);
        for (Series s : list) {
            long ts = s.timeNanos / 1_000_000;
            switch (type) {
                case GAUGE, COUNTER -> sample(sampleName, s.labels, null, null, GoFloat.format(s.value), ts);
                case HISTOGRAM -> {
                    String bucket = name + "_bucket";
                    String[] le = openMetrics ? s.leOpenMetrics : s.leText;
                    long cumulative = 0;
                    for (int b = 0; b < s.bounds.length; b++) {
                        cumulative += b < s.bucketCounts.length ? s.bucketCounts[b] : 0;
                        sample(bucket, s.labels, "le", le[b], Long.toString(cumulative), ts);
                    }
                    sample(bucket, s.labels, "le", "+Inf", Long.toUnsignedString(s.count), ts);
                    sample(name + "_sum", s.labels, null, null, GoFloat.format(s.sum), ts);
                    sample(name + "_count", s.labels, null, null, Long.toUnsignedString(s.count), ts);
                }
                case SUMMARY -> {
                    for (int q = 0; q < s.quantiles.length; q++) {
                        String qt = openMetrics ? GoFloat.formatOpenMetricsBound(s.quantiles[q])
                                : GoFloat.format(s.quantiles[q]);
                        sample(name, s.labels, "quantile", qt, GoFloat.format(s.quantileValues[q]), ts);
                    }
                    sample(name + "_sum", s.labels, null, null, GoFloat.format(s.sum), ts);
                    sample(name + "_count", s.labels, null, null, Long.toUnsignedString(s.count), ts);
                }
            }
        }
    }

    private void header(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '"' -> out.append(openMetrics ? "\\\"" : "\"");
                default -> out.append(c);
            }
        }
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, String extraName, String extraValue, String value, long millis) {
        out.append(name);
        if (!labels.isEmpty() || extraName != null) {
            out.append('{').append(labels);
            if (extraName != null) {
                if (!labels.isEmpty()) {
                    out.append(',');
                }
                out.append(extraName).append("=\"").append(extraValue).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(value);
        if (sendTimestamps && millis != 0) {
            out.append(' ');
            if (openMetrics) {
                out.append(Math.floorDiv(millis, 1000)).append('.');
                long ms = Math.floorMod(millis, 1000);
                out.append(ms < 10 ? "00" : ms < 100 ? "0" : "").append(ms);
            } else {
                out.append(millis);
            }
        }
        out.append('\n');
    }
}
