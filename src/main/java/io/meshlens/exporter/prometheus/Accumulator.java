package io.meshlens.exporter.prometheus;

import io.meshlens.model.AttributeValues;
import io.meshlens.model.Attributes;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.MetricType;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.SummaryPoints;
import io.meshlens.model.Temporality;
import io.meshlens.remotewrite.PrometheusNaming;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Keeps the latest value of every series, as contrib's {@code lastValueAccumulator}: newer points
 * replace older ones, a point older than the kept one is ignored, a no-recorded-value point
 * removes its series, and monotonic delta sums and delta histograms are added onto the kept value
 * when they continue it (start time = kept time), otherwise they restart it. Non-monotonic delta
 * sums, sums/histograms without temporality and exponential histograms are dropped and counted.
 *
 * <p>One lock for pushes and scrapes: both are short, infrequent (per scrape interval) and a scrape
 * must see each series whole.
 */
final class Accumulator {
    static final String SERVICE_NAME = "service.name";
    static final String SERVICE_NAMESPACE = "service.namespace";
    static final String SERVICE_INSTANCE_ID = "service.instance.id";

    /** Series identity: scope, OTel metric, point attributes and resource (contrib's timeseriesSignature). */
    private record Key(String scope, String scopeVersion, String metric, MetricType type, Attributes point,
                       Attributes resource) {
    }

    /** A family's type and HELP; the first metric to claim a name sets both. */
    record Family(FamilyType type, String help) {
    }

    /** What one push did. */
    record Result(int accepted, int dropped, List<String> droppedMetrics) {
    }

    private final PrometheusExporterConfig config;
    private final Map<String, String> constLabels;
    private final long expirationNanos;
    private final LongSupplier clock;
    private final Map<Key, Series> series = new HashMap<>();
    private final Map<String, Family> families = new HashMap<>();

    Accumulator(PrometheusExporterConfig config, LongSupplier nanoClock) {
        this.config = config;
        Map<String, String> c = new TreeMap<>();
        config.constLabels().forEach((k, v) -> c.put(labelName(k), v));
        this.constLabels = c;
        this.expirationNanos = config.metricExpiration().toNanos();
        this.clock = nanoClock;
    }

    synchronized Result accumulate(MetricBatch batch) {
        long now = clock.getAsLong();
        int accepted = 0;
        int dropped = 0;
        List<String> droppedMetrics = new ArrayList<>(0);
        for (ResourceMetrics rm : batch.resources()) {
            for (ScopeMetrics sm : rm.scopes()) {
                for (Metric m : sm.metrics()) {
                    int n = m.pointCount();
                    FamilyType type = familyType(m);
                    if (type == null) {
                        dropped += n;
                        droppedMetrics.add(m.name());
                        continue;
                    }
                    String name = LegacyNames.metric(
                            PrometheusNaming.metricName(m, config.namespace(), config.addMetricSuffixes()));
                    Family f = families.computeIfAbsent(name, k -> new Family(type, m.description()));
                    if (f.type() != type) {
                        // client_golang refuses a second type under one name; the Collector logs and drops it.
                        dropped += n;
                        droppedMetrics.add(m.name() + " (type conflict on " + name + ")");
                        continue;
                    }
                    for (int i = 0; i < n; i++) {
                        point(rm.resource(), sm.scope(), m, name, type, i, now);
                    }
                    accepted += n;
                }
            }
        }
        return new Result(accepted, dropped, droppedMetrics);
    }

    /** The family type of a metric, or null when the Collector's exporter does not export it. */
    private static FamilyType familyType(Metric m) {
        return switch (m.type()) {
            case GAUGE -> FamilyType.GAUGE;
            case SUM -> switch (m.temporality()) {
                case CUMULATIVE -> m.isMonotonic() ? FamilyType.COUNTER : FamilyType.GAUGE;
                case DELTA -> m.isMonotonic() ? FamilyType.COUNTER : null;
                default -> null;
            };
            case HISTOGRAM -> m.temporality() == Temporality.CUMULATIVE || m.temporality() == Temporality.DELTA
                    ? FamilyType.HISTOGRAM : null;
            case SUMMARY -> FamilyType.SUMMARY;
            default -> null;
        };
    }

    private void point(Attributes resource, Scope scope, Metric m, String name, FamilyType type, int i, long now) {
        Attributes attrs = m.points().attributes(i);
        Key key = new Key(scope.name(), scope.version(), m.name(), m.type(), attrs, resource);
        if (m.points().noRecordedValue(i)) {
            series.remove(key);
            return;
        }
        Series s = series.get(key);
        long t = m.points().timeNanos(i);
        long start = m.points().startTimeNanos(i);
        boolean fresh = s == null;
        if (fresh) {
            s = new Series(name, type, labels(resource, scope, attrs), resource);
            series.put(key, s);
        } else if (t < s.timeNanos) {
            return;
        }
        boolean delta = m.temporality() == Temporality.DELTA;
        // A delta point continues the kept one when it starts where that one ended.
        boolean continues = !fresh && delta && start == s.timeNanos;
        switch (m.type()) {
            case GAUGE, SUM -> {
                double v = m.numberPoints().value(i);
                if (continues) {
                    v += s.value;
                    start = s.startNanos;
                }
                s.value = v;
            }
            case HISTOGRAM -> {
                HistogramPoints p = m.histogramPoints();
                double[] b = p.bounds(i) == null ? new double[0] : p.bounds(i);
                long[] c = p.bucketCounts(i) == null ? new long[b.length + 1] : p.bucketCounts(i);
                if (continues && java.util.Arrays.equals(b, s.bounds) && s.bucketCounts.length == c.length) {
                    long[] sumCounts = new long[c.length];
                    for (int k = 0; k < c.length; k++) {
                        sumCounts[k] = c[k] + s.bucketCounts[k];
                    }
                    s.count += p.count(i);
                    s.sum += p.hasSum(i) ? p.sum(i) : 0;
                    s.bucketCounts = sumCounts;
                    start = s.startNanos;
                } else {
                    s.count = p.count(i);
                    s.sum = p.hasSum(i) ? p.sum(i) : 0;
                    // Points are owned by the batch we received, so keeping the arrays is safe.
                    s.bucketCounts = c;
                }
                s.setBounds(b);
            }
            case SUMMARY -> {
                SummaryPoints p = m.summaryPoints();
                s.count = p.count(i);
                s.sum = p.sum(i);
                s.quantiles = p.quantiles(i) == null ? new double[0] : p.quantiles(i);
                s.quantileValues = p.quantileValues(i) == null ? new double[0] : p.quantileValues(i);
            }
            default -> throw new IllegalStateException(m.type().toString());
        }
        s.startNanos = start;
        s.timeNanos = t;
        s.updatedAt = now;
    }

    /** Point attributes (+ resource attributes when converted), scope, job/instance, const labels; sorted. */
    private String labels(Attributes resource, Scope scope, Attributes point) {
        TreeMap<String, String> l = new TreeMap<>();
        Attributes attrs = point;
        if (config.resourceToTelemetryConversion()) {
            // As resourcetotelemetry: resource attributes are copied over the point's, so they win.
            attrs = point.toBuilder().putAll(resource).build();
        }
        for (int i = 0; i < attrs.size(); i++) {
            l.merge(labelName(attrs.key(i)), AttributeValues.asString(attrs.value(i)),
                    (a, b) -> a + ";" + b);
        }
        l.put("otel_scope_name", scope.name());
        l.put("otel_scope_version", scope.version());
        putJobInstance(l, resource);
        constLabels.forEach(l::putIfAbsent);
        return render(l);
    }

    static String labelName(String key) {
        return LegacyNames.label(PrometheusNaming.labelName(key));
    }

    static void putJobInstance(Map<String, String> l, Attributes resource) {
        String serviceName = resource.getString(SERVICE_NAME);
        if (serviceName != null) {
            String ns = resource.getString(SERVICE_NAMESPACE);
            l.put("job", ns == null ? serviceName : ns + "/" + serviceName);
        }
        String instance = resource.getString(SERVICE_INSTANCE_ID);
        if (instance != null) {
            l.put("instance", instance);
        }
    }

    /** target_info labels: non-identifying resource attributes + job/instance; null without job and instance. */
    static String targetInfoLabels(Attributes resource) {
        TreeMap<String, String> l = new TreeMap<>();
        for (int i = 0; i < resource.size(); i++) {
            String k = resource.key(i);
            if (k.equals(SERVICE_NAME) || k.equals(SERVICE_NAMESPACE) || k.equals(SERVICE_INSTANCE_ID)) {
                continue;
            }
            l.merge(labelName(k), AttributeValues.asString(resource.value(i)), (a, b) -> a + ";" + b);
        }
        if (!resource.containsKey(SERVICE_NAME) && !resource.containsKey(SERVICE_INSTANCE_ID)) {
            return null;
        }
        putJobInstance(l, resource);
        return render(l);
    }

    static String render(Map<String, String> labels) {
        StringBuilder sb = new StringBuilder(labels.size() * 24);
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(e.getKey()).append("=\"");
            escapeLabelValue(sb, e.getValue());
            sb.append('"');
        }
        return sb.toString();
    }

    static void escapeLabelValue(StringBuilder sb, String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '"' -> sb.append("\\\"");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
    }

    /**
     * Drops series not updated within metric_expiration (and families left without series), then
     * hands the live ones to {@code writer} while holding the lock.
     */
    synchronized void collect(Exposition writer) {
        long now = clock.getAsLong();
        Set<String> liveFamilies = new HashSet<>();
        for (Iterator<Series> it = series.values().iterator(); it.hasNext(); ) {
            Series s = it.next();
            if (now - s.updatedAt > expirationNanos) {
                it.remove();
            } else {
                liveFamilies.add(s.family);
            }
        }
        families.keySet().retainAll(liveFamilies);
        writer.write(series.values(), families);
    }

    synchronized int size() {
        return series.size();
    }
}
