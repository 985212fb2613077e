package io.meshlens.otlp;

import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.Exemplar;
import io.meshlens.model.ExponentialHistogramPoints;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.SummaryPoints;
import io.meshlens.model.Temporality;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;

import java.util.List;

/** OTLP metrics protobuf ↔ {@link MetricBatch}, field for field. */
public final class OtlpMetrics {
    private OtlpMetrics() {
    }

    public static MetricBatch fromProto(ExportMetricsServiceRequest req) {
        MetricBatch batch = new MetricBatch();
        for (io.opentelemetry.proto.metrics.v1.ResourceMetrics prm : req.getResourceMetricsList()) {
            ResourceMetrics rm = batch.addResource(OtlpValues.attributes(prm.getResource().getAttributesList()));
            rm.setSchemaUrl(prm.getSchemaUrl());
            for (io.opentelemetry.proto.metrics.v1.ScopeMetrics psm : prm.getScopeMetricsList()) {
                InstrumentationScope s = psm.getScope();
                ScopeMetrics sm = rm.addScope(new Scope(s.getName(), s.getVersion(),
                        OtlpValues.attributes(s.getAttributesList())));
                for (io.opentelemetry.proto.metrics.v1.Metric pm : psm.getMetricsList()) {
                    Metric m = metric(pm);
                    if (m != null) {
                        sm.metrics().add(m);
                    }
                }
            }
        }
        return batch;
    }

    private static Metric metric(io.opentelemetry.proto.metrics.v1.Metric pm) {
        String n = pm.getName();
        String d = pm.getDescription();
        String u = pm.getUnit();
        return switch (pm.getDataCase()) {
            case GAUGE -> Metric.gauge(n, d, u, numbers(pm.getGauge().getDataPointsList()));
            case SUM -> Metric.sum(n, d, u, temporality(pm.getSum().getAggregationTemporality()),
                    pm.getSum().getIsMonotonic(), numbers(pm.getSum().getDataPointsList()));
            case HISTOGRAM -> Metric.histogram(n, d, u, temporality(pm.getHistogram().getAggregationTemporality()),
                    histograms(pm.getHistogram().getDataPointsList()));
            case EXPONENTIAL_HISTOGRAM -> Metric.exponentialHistogram(n, d, u,
                    temporality(pm.getExponentialHistogram().getAggregationTemporality()),
                    expHistograms(pm.getExponentialHistogram().getDataPointsList()));
            case SUMMARY -> Metric.summary(n, d, u, summaries(pm.getSummary().getDataPointsList()));
            case DATA_NOT_SET -> null;
        };
    }

    private static Temporality temporality(AggregationTemporality t) {
        return switch (t) {
            case AGGREGATION_TEMPORALITY_DELTA -> Temporality.DELTA;
            case AGGREGATION_TEMPORALITY_CUMULATIVE -> Temporality.CUMULATIVE;
            default -> Temporality.UNSPECIFIED;
        };
    }

    private static AggregationTemporality temporality(Temporality t) {
        return switch (t) {
            case DELTA -> AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
            case CUMULATIVE -> AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
            case UNSPECIFIED -> AggregationTemporality.AGGREGATION_TEMPORALITY_UNSPECIFIED;
        };
    }

    private static NumberPoints numbers(List<NumberDataPoint> dps) {
        NumberPoints pts = new NumberPoints(dps.size());
        for (NumberDataPoint p : dps) {
            Attributes a = OtlpValues.attributes(p.getAttributesList());
            int i = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT
                    ? pts.addInt(a, p.getStartTimeUnixNano(), p.getTimeUnixNano(), p.getAsInt(), p.getFlags())
                    : pts.addDouble(a, p.getStartTimeUnixNano(), p.getTimeUnixNano(), p.getAsDouble(), p.getFlags());
            pts.setExemplars(i, exemplars(p.getExemplarsList()));
        }
        return pts;
    }

    private static HistogramPoints histograms(List<HistogramDataPoint> dps) {
        HistogramPoints pts = new HistogramPoints(dps.size());
        for (HistogramDataPoint p : dps) {
            int flags = p.getFlags();
            if (p.hasSum()) {
                flags |= HistogramPoints.FLAG_HAS_SUM;
            }
            double[] bounds = p.getExplicitBoundsList().stream().mapToDouble(Double::doubleValue).toArray();
            long[] counts = p.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
            int i = pts.add(OtlpValues.attributes(p.getAttributesList()), p.getStartTimeUnixNano(),
                    p.getTimeUnixNano(), p.getCount(), p.getSum(), bounds, counts, flags);
            if (p.hasMin() && p.hasMax()) {
                pts.setMinMax(i, p.getMin(), p.getMax());
            }
            pts.setExemplars(i, exemplars(p.getExemplarsList()));
        }
        return pts;
    }

    private static ExponentialHistogramPoints expHistograms(List<ExponentialHistogramDataPoint> dps) {
        ExponentialHistogramPoints pts = new ExponentialHistogramPoints(dps.size());
        for (ExponentialHistogramDataPoint p : dps) {
            int flags = p.getFlags() | (p.hasSum() ? HistogramPoints.FLAG_HAS_SUM : 0);
            ExponentialHistogramPoints.Buckets b = new ExponentialHistogramPoints.Buckets(p.getScale(),
                    p.getZeroCount(), p.getZeroThreshold(), p.getPositive().getOffset(),
                    p.getPositive().getBucketCountsList().stream().mapToLong(Long::longValue).toArray(),
                    p.getNegative().getOffset(),
                    p.getNegative().getBucketCountsList().stream().mapToLong(Long::longValue).toArray());
            int i = pts.add(OtlpValues.attributes(p.getAttributesList()), p.getStartTimeUnixNano(),
                    p.getTimeUnixNano(), p.getCount(), p.getSum(), b, flags);
            pts.setExemplars(i, exemplars(p.getExemplarsList()));
        }
        return pts;
    }

    private static SummaryPoints summaries(List<SummaryDataPoint> dps) {
        SummaryPoints pts = new SummaryPoints(dps.size());
        for (SummaryDataPoint p : dps) {
            double[] qs = new double[p.getQuantileValuesCount()];
            double[] vs = new double[qs.length];
            for (int i = 0; i < qs.length; i++) {
                qs[i] = p.getQuantileValues(i).getQuantile();
                vs[i] = p.getQuantileValues(i).getValue();
            }
            pts.add(OtlpValues.attributes(p.getAttributesList()), p.getStartTimeUnixNano(), p.getTimeUnixNano(),
                    p.getCount(), p.getSum(), qs, vs, p.getFlags());
        }
        return pts;
    }

    private static Exemplar[] exemplars(List<io.opentelemetry.proto.metrics.v1.Exemplar> ex) {
        if (ex.isEmpty()) {
            return null;
        }
        Exemplar[] out = new Exemplar[ex.size()];
        for (int i = 0; i < out.length; i++) {
            io.opentelemetry.proto.metrics.v1.Exemplar e = ex.get(i);
            double v = e.getValueCase() == io.opentelemetry.proto.metrics.v1.Exemplar.ValueCase.AS_INT
                    ? e.getAsInt() : e.getAsDouble();
            out[i] = new Exemplar(OtlpValues.attributes(e.getFilteredAttributesList()), e.getTimeUnixNano(), v,
                    OtlpValues.hex(e.getTraceId()), OtlpValues.hex(e.getSpanId()));
        }
        return out;
    }

    public static ExportMetricsServiceRequest toProto(MetricBatch batch) {
        ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
        for (ResourceMetrics rm : batch.resources()) {
            io.opentelemetry.proto.metrics.v1.ResourceMetrics.Builder prm = req.addResourceMetricsBuilder()
                    .setResource(Resource.newBuilder().addAllAttributes(OtlpValues.keyValues(rm.resource())))
                    .setSchemaUrl(rm.schemaUrl());
            for (ScopeMetrics sm : rm.scopes()) {
                io.opentelemetry.proto.metrics.v1.ScopeMetrics.Builder psm = prm.addScopeMetricsBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName(sm.scope().name())
                                .setVersion(sm.scope().version())
                                .addAllAttributes(OtlpValues.keyValues(sm.scope().attributes())));
                for (Metric m : sm.metrics()) {
                    psm.addMetrics(metric(m));
                }
            }
        }
        return req.build();
    }

    private static io.opentelemetry.proto.metrics.v1.Metric metric(Metric m) {
        io.opentelemetry.proto.metrics.v1.Metric.Builder b = io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                .setName(m.name()).setDescription(m.description()).setUnit(m.unit());
        switch (m.type()) {
            case GAUGE -> {
                Gauge.Builder g = Gauge.newBuilder();
                numbers(m.numberPoints(), g::addDataPoints);
                b.setGauge(g);
            }
            case SUM -> {
                Sum.Builder s = Sum.newBuilder().setIsMonotonic(m.isMonotonic())
                        .setAggregationTemporality(temporality(m.temporality()));
                numbers(m.numberPoints(), s::addDataPoints);
                b.setSum(s);
            }
            case HISTOGRAM -> {
                Histogram.Builder h = Histogram.newBuilder().setAggregationTemporality(temporality(m.temporality()));
                HistogramPoints p = m.histogramPoints();
                for (int i = 0; i < p.size(); i++) {
                    HistogramDataPoint.Builder d = HistogramDataPoint.newBuilder()
                            .addAllAttributes(OtlpValues.keyValues(p.attributes(i)))
                            .setStartTimeUnixNano(p.startTimeNanos(i)).setTimeUnixNano(p.timeNanos(i))
                            .setCount(p.count(i)).setFlags(p.flags(i) & 0xff);
                    if (p.hasSum(i)) {
                        d.setSum(p.sum(i));
                    }
                    if ((p.flags(i) & HistogramPoints.FLAG_HAS_MIN) != 0) {
                        d.setMin(p.min(i)).setMax(p.max(i));
                    }
                    for (double bound : p.bounds(i)) {
                        d.addExplicitBounds(bound);
                    }
                    for (long c : p.bucketCounts(i)) {
                        d.addBucketCounts(c);
                    }
                    exemplars(p, i, d::addExemplars);
                    h.addDataPoints(d);
                }
                b.setHistogram(h);
            }
            case EXPONENTIAL_HISTOGRAM -> {
                ExponentialHistogram.Builder h = ExponentialHistogram.newBuilder()
                        .setAggregationTemporality(temporality(m.temporality()));
                ExponentialHistogramPoints p = m.exponentialHistogramPoints();
                for (int i = 0; i < p.size(); i++) {
                    ExponentialHistogramPoints.Buckets bk = p.buckets(i);
                    ExponentialHistogramDataPoint.Builder d = ExponentialHistogramDataPoint.newBuilder()
                            .addAllAttributes(OtlpValues.keyValues(p.attributes(i)))
                            .setStartTimeUnixNano(p.startTimeNanos(i)).setTimeUnixNano(p.timeNanos(i))
                            .setCount(p.count(i)).setFlags(p.flags(i) & 0xff).setScale(bk.scale())
                            .setZeroCount(bk.zeroCount()).setZeroThreshold(bk.zeroThreshold());
                    if (p.hasSum(i)) {
                        d.setSum(p.sum(i));
                    }
                    ExponentialHistogramDataPoint.Buckets.Builder pos = d.getPositiveBuilder().setOffset(bk.positiveOffset());
                    for (long c : bk.positive()) {
                        pos.addBucketCounts(c);
                    }
                    ExponentialHistogramDataPoint.Buckets.Builder neg = d.getNegativeBuilder().setOffset(bk.negativeOffset());
                    for (long c : bk.negative()) {
                        neg.addBucketCounts(c);
                    }
                    exemplars(p, i, d::addExemplars);
                    h.addDataPoints(d);
                }
                b.setExponentialHistogram(h);
            }
            case SUMMARY -> {
                Summary.Builder s = Summary.newBuilder();
                SummaryPoints p = m.summaryPoints();
                for (int i = 0; i < p.size(); i++) {
                    SummaryDataPoint.Builder d = SummaryDataPoint.newBuilder()
                            .addAllAttributes(OtlpValues.keyValues(p.attributes(i)))
                            .setStartTimeUnixNano(p.startTimeNanos(i)).setTimeUnixNano(p.timeNanos(i))
                            .setCount(p.count(i)).setSum(p.sum(i)).setFlags(p.flags(i) & 0xff);
                    for (int q = 0; q < p.quantiles(i).length; q++) {
                        d.addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                                .setQuantile(p.quantiles(i)[q]).setValue(p.quantileValues(i)[q]));
                    }
                    s.addDataPoints(d);
                }
                b.setSummary(s);
            }
            case EMPTY -> {
            }
        }
        return b.build();
    }

    private static void numbers(NumberPoints p, java.util.function.Consumer<NumberDataPoint> add) {
        for (int i = 0; i < p.size(); i++) {
            NumberDataPoint.Builder d = NumberDataPoint.newBuilder()
                    .addAllAttributes(OtlpValues.keyValues(p.attributes(i)))
                    .setStartTimeUnixNano(p.startTimeNanos(i)).setTimeUnixNano(p.timeNanos(i))
                    .setFlags(p.flags(i) & 0xff);
            if (p.isInt(i)) {
                d.setAsInt(p.intValue(i));
            } else {
                d.setAsDouble(p.value(i));
            }
            exemplars(p, i, d::addExemplars);
            add.accept(d.build());
        }
    }

    private static void exemplars(DataPoints p, int i, java.util.function.Consumer<io.opentelemetry.proto.metrics.v1.Exemplar> add) {
        for (Exemplar e : p.exemplars(i)) {
            add.accept(io.opentelemetry.proto.metrics.v1.Exemplar.newBuilder()
                    .addAllFilteredAttributes(OtlpValues.keyValues(e.filteredAttributes()))
                    .setTimeUnixNano(e.timeNanos()).setAsDouble(e.value())
                    .setTraceId(OtlpValues.id(e.traceId())).setSpanId(OtlpValues.id(e.spanId())).build());
        }
    }
}
