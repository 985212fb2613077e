package io.meshlens.exporter.debug;

import io.meshlens.model.AttributeValues;
import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.Exemplar;
import io.meshlens.model.ExponentialHistogramPoints;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.MetricType;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.model.SummaryPoints;
import io.meshlens.model.Temporality;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The text the debug exporter writes, modelled on the Collector's basic/normal/detailed output. */
final class DebugFormat {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS '+0000 UTC'").withZone(ZoneOffset.UTC);

    private DebugFormat() {
    }

    static String metricsSummary(MetricBatch b) {
        return "MetricsExporter {\"resource metrics\": " + b.resources().size() + ", \"metrics\": " + b.metricCount()
                + ", \"data points\": " + b.pointCount() + "}";
    }

    static String tracesSummary(SpanBatch b) {
        return "TracesExporter {\"resource spans\": " + b.resources().size() + ", \"spans\": " + b.spanCount() + "}";
    }

    /** A header per resource and scope, then one line per data point: {@code name{k=v,...} value}. */
    static String metricsNormal(MetricBatch b) {
        StringBuilder sb = new StringBuilder();
        List<ResourceMetrics> resources = b.resources();
        for (int r = 0; r < resources.size(); r++) {
            ResourceMetrics rm = resources.get(r);
            sb.append("ResourceMetrics #").append(r).append(' ').append(flat(rm.resource())).append('\n');
            for (int s = 0; s < rm.scopes().size(); s++) {
                ScopeMetrics sm = rm.scopes().get(s);
                sb.append("ScopeMetrics #").append(s).append(' ').append(scope(sm.scope())).append('\n');
                for (Metric m : sm.metrics()) {
                    DataPoints p = m.points();
                    for (int i = 0; i < p.size(); i++) {
                        sb.append(m.name()).append('{').append(flat(p.attributes(i))).append("} ");
                        pointValue(sb, m, i);
                        sb.append('\n');
                    }
                }
            }
        }
        return strip(sb);
    }

    private static void pointValue(StringBuilder sb, Metric m, int i) {
        if (m.points().noRecordedValue(i)) {
            sb.append("(no recorded value)");
            return;
        }
        switch (m.points()) {
            case NumberPoints n -> sb.append(n.isInt(i) ? Long.toString(n.intValue(i)) : num(n.value(i)));
            case HistogramPoints h -> {
                sb.append("count=").append(h.count(i));
                if (h.hasSum(i)) {
                    sb.append(" sum=").append(num(h.sum(i)));
                }
                double[] bounds = h.bounds(i);
                long[] counts = h.bucketCounts(i);
                for (int k = 0; counts != null && k < counts.length; k++) {
                    sb.append(" le").append(k < bounds.length ? num(bounds[k]) : "+Inf").append('=').append(counts[k]);
                }
            }
            case SummaryPoints s -> {
                sb.append("count=").append(s.count(i)).append(" sum=").append(num(s.sum(i)));
                double[] qs = s.quantiles(i);
                for (int k = 0; qs != null && k < qs.length; k++) {
                    sb.append(" q").append(num(qs[k])).append('=').append(num(s.quantileValues(i)[k]));
                }
            }
            case ExponentialHistogramPoints e -> {
                sb.append("count=").append(e.count(i));
                if (e.hasSum(i)) {
                    sb.append(" sum=").append(num(e.sum(i)));
                }
                if (e.buckets(i) != null) {
                    sb.append(" scale=").append(e.buckets(i).scale());
                }
            }
        }
    }

    /** The full dump: resource, scope, each metric's descriptor and every field of every point. */
    static String metricsDetailed(MetricBatch b) {
        StringBuilder sb = new StringBuilder();
        List<ResourceMetrics> resources = b.resources();
        for (int r = 0; r < resources.size(); r++) {
            ResourceMetrics rm = resources.get(r);
            sb.append("ResourceMetrics #").append(r).append('\n');
            sb.append("Resource SchemaURL: ").append(rm.schemaUrl()).append('\n');
            attributes(sb, "Resource attributes", rm.resource());
            for (int s = 0; s < rm.scopes().size(); s++) {
                ScopeMetrics sm = rm.scopes().get(s);
                sb.append("ScopeMetrics #").append(s).append('\n');
                sb.append("InstrumentationScope ").append(sm.scope().name()).append(' ').append(sm.scope().version())
                        .append('\n');
                if (!sm.scope().attributes().isEmpty()) {
                    attributes(sb, "InstrumentationScope attributes", sm.scope().attributes());
                }
                for (int k = 0; k < sm.metrics().size(); k++) {
                    metricDetailed(sb, k, sm.metrics().get(k));
                }
            }
        }
        return strip(sb);
    }

    private static void metricDetailed(StringBuilder sb, int index, Metric m) {
        sb.append("Metric #").append(index).append('\n');
        sb.append("Descriptor:\n");
        sb.append("     -> Name: ").append(m.name()).append('\n');
        sb.append("     -> Description: ").append(m.description()).append('\n');
        sb.append("     -> Unit: ").append(m.unit()).append('\n');
        sb.append("     -> DataType: ").append(m.type().displayName()).append('\n');
        if (m.type() == MetricType.SUM) {
            sb.append("     -> IsMonotonic: ").append(m.isMonotonic()).append('\n');
        }
        if (m.temporality() != Temporality.UNSPECIFIED) {
            sb.append("     -> AggregationTemporality: ").append(temporality(m.temporality())).append('\n');
        }
        DataPoints p = m.points();
        String kind = switch (p) {
            case NumberPoints n -> "NumberDataPoints";
            case HistogramPoints h -> "HistogramDataPoints";
            case SummaryPoints s -> "SummaryDataPoints";
            case ExponentialHistogramPoints e -> "ExponentialHistogramDataPoints";
        };
        for (int i = 0; i < p.size(); i++) {
            sb.append(kind).append(" #").append(i).append('\n');
            attributes(sb, "Data point attributes", p.attributes(i));
            sb.append("StartTimestamp: ").append(time(p.startTimeNanos(i))).append('\n');
            sb.append("Timestamp: ").append(time(p.timeNanos(i))).append('\n');
            if (p.noRecordedValue(i)) { // the only OTLP flag; the other bits are internal (has sum/min/max)
                sb.append("Flags: NoRecordedValue\n");
            }
            pointDetailed(sb, p, i);
            Exemplar[] ex = p.exemplars(i);
            for (int e = 0; e < ex.length; e++) {
                sb.append("Exemplar #").append(e).append("\n     -> Trace ID: ").append(ex[e].traceId())
                        .append("\n     -> Span ID: ").append(ex[e].spanId())
                        .append("\n     -> Timestamp: ").append(time(ex[e].timeNanos()))
                        .append("\n     -> Value: ").append(num(ex[e].value())).append('\n');
                if (!ex[e].filteredAttributes().isEmpty()) {
                    attributes(sb, "     -> FilteredAttributes", ex[e].filteredAttributes());
                }
            }
        }
    }

    private static void pointDetailed(StringBuilder sb, DataPoints p, int i) {
        switch (p) {
            case NumberPoints n -> sb.append("Value: ")
                    .append(n.isInt(i) ? Long.toString(n.intValue(i)) : String.format("%f", n.value(i))).append('\n');
            case HistogramPoints h -> {
                sb.append("Count: ").append(h.count(i)).append('\n');
                if (h.hasSum(i)) {
                    sb.append("Sum: ").append(String.format("%f", h.sum(i))).append('\n');
                }
                if ((h.flags(i) & HistogramPoints.FLAG_HAS_MIN) != 0) {
                    sb.append("Min: ").append(String.format("%f", h.min(i))).append('\n');
                    sb.append("Max: ").append(String.format("%f", h.max(i))).append('\n');
                }
                double[] bounds = h.bounds(i);
                for (int k = 0; bounds != null && k < bounds.length; k++) {
                    sb.append("ExplicitBounds #").append(k).append(": ").append(String.format("%f", bounds[k]))
                            .append('\n');
                }
                long[] counts = h.bucketCounts(i);
                for (int k = 0; counts != null && k < counts.length; k++) {
                    sb.append("Buckets #").append(k).append(", Count: ").append(counts[k]).append('\n');
                }
            }
            case SummaryPoints s -> {
                sb.append("Count: ").append(s.count(i)).append('\n');
                sb.append("Sum: ").append(String.format("%f", s.sum(i))).append('\n');
                double[] qs = s.quantiles(i);
                for (int k = 0; qs != null && k < qs.length; k++) {
                    sb.append("QuantileValue #").append(k).append(": Quantile ").append(num(qs[k]))
                            .append(", Value ").append(String.format("%f", s.quantileValues(i)[k])).append('\n');
                }
            }
            case ExponentialHistogramPoints e -> {
                sb.append("Count: ").append(e.count(i)).append('\n');
                if (e.hasSum(i)) {
                    sb.append("Sum: ").append(String.format("%f", e.sum(i))).append('\n');
                }
                ExponentialHistogramPoints.Buckets bk = e.buckets(i);
                if (bk != null) {
                    sb.append("Scale: ").append(bk.scale()).append('\n');
                    sb.append("ZeroCount: ").append(bk.zeroCount()).append('\n');
                    sb.append("Positive: offset ").append(bk.positiveOffset()).append(' ')
                            .append(java.util.Arrays.toString(bk.positive())).append('\n');
                    sb.append("Negative: offset ").append(bk.negativeOffset()).append(' ')
                            .append(java.util.Arrays.toString(bk.negative())).append('\n');
                }
            }
        }
    }

    /** One line per span: {@code name trace_id span_id {k=v,...}}, under resource and scope headers. */
    static String tracesNormal(SpanBatch b) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < b.resources().size(); r++) {
            SpanBatch.ResourceSpans rs = b.resources().get(r);
            sb.append("ResourceSpans #").append(r).append(' ').append(flat(rs.resource())).append('\n');
            for (int s = 0; s < rs.scopes().size(); s++) {
                SpanBatch.ScopeSpans ss = rs.scopes().get(s);
                sb.append("ScopeSpans #").append(s).append(' ').append(scope(ss.scope())).append('\n');
                for (Span span : ss.spans()) {
                    sb.append(span.name()).append(' ').append(span.traceId()).append(' ').append(span.spanId())
                            .append(" {").append(flat(span.attributes())).append("}\n");
                }
            }
        }
        return strip(sb);
    }

    static String tracesDetailed(SpanBatch b) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < b.resources().size(); r++) {
            SpanBatch.ResourceSpans rs = b.resources().get(r);
            sb.append("ResourceSpans #").append(r).append('\n');
            attributes(sb, "Resource attributes", rs.resource());
            for (int s = 0; s < rs.scopes().size(); s++) {
                SpanBatch.ScopeSpans ss = rs.scopes().get(s);
                sb.append("ScopeSpans #").append(s).append('\n');
                sb.append("InstrumentationScope ").append(ss.scope().name()).append(' ').append(ss.scope().version())
                        .append('\n');
                for (int k = 0; k < ss.spans().size(); k++) {
                    Span span = ss.spans().get(k);
                    sb.append("Span #").append(k).append('\n');
                    sb.append("    Trace ID       : ").append(span.traceId()).append('\n');
                    sb.append("    Parent ID      : ").append(span.parentSpanId()).append('\n');
                    sb.append("    ID             : ").append(span.spanId()).append('\n');
                    sb.append("    Name           : ").append(span.name()).append('\n');
                    sb.append("    Kind           : ").append(span.kind().name().charAt(0))
                            .append(span.kind().name().substring(1).toLowerCase()).append('\n');
                    sb.append("    Start time     : ").append(time(span.startNanos())).append('\n');
                    sb.append("    End time       : ").append(time(span.endNanos())).append('\n');
                    sb.append("    Status code    : ").append(span.status().name().charAt(0))
                            .append(span.status().name().substring(1).toLowerCase()).append('\n');
                    sb.append("    Status message : ").append(span.statusMessage()).append('\n');
                    attributes(sb, "Attributes", span.attributes());
                    for (int e = 0; e < span.events().size(); e++) {
                        Span.Event ev = span.events().get(e);
                        sb.append("SpanEvent #").append(e).append("\n     -> Name: ").append(ev.name())
                                .append("\n     -> Timestamp: ").append(time(ev.timeNanos())).append('\n');
                        attributes(sb, "     -> Attributes", ev.attributes());
                    }
                }
            }
        }
        return strip(sb);
    }

    private static void attributes(StringBuilder sb, String title, Attributes a) {
        sb.append(title).append(":\n");
        for (int i = 0; i < a.size(); i++) {
            sb.append("     -> ").append(a.key(i)).append(": ").append(typed(a.value(i))).append('\n');
        }
    }

    /** pdata's typed rendering: Str(x), Int(1), Double(1.5), Bool(true), Bytes(..), Slice(..), Map(..). */
    static String typed(Object v) {
        String type = switch (v) {
            case String s -> "Str";
            case Long l -> "Int";
            case Integer n -> "Int";
            case Double d -> "Double";
            case Boolean bo -> "Bool";
            case byte[] by -> "Bytes";
            case List<?> l -> "Slice";
            case Attributes m -> "Map";
            case null, default -> "Empty";
        };
        return type + "(" + AttributeValues.asString(v) + ")";
    }

    private static String flat(Attributes a) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < a.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(a.key(i)).append('=').append(AttributeValues.asString(a.value(i)));
        }
        return sb.toString();
    }

    private static String scope(Scope s) {
        return s.version().isEmpty() ? s.name() : s.name() + "@" + s.version();
    }

    private static String temporality(Temporality t) {
        return t.name().charAt(0) + t.name().substring(1).toLowerCase();
    }

    private static String num(double d) {
        return AttributeValues.formatDouble(d);
    }

    static String time(long nanos) {
        return TIME.format(Instant.ofEpochSecond(0, nanos));
    }

    private static String strip(StringBuilder sb) {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\n' ? sb.substring(0, n - 1) : sb.toString();
    }
}
