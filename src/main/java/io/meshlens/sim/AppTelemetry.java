package io.meshlens.sim;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The shop's own OpenTelemetry signals, derived from the same flows the proxies count, so the two
 * layers agree: the OTel SDK instruments ({@code app.cart.add_item.latency} in seconds,
 * {@code app.payment.transactions}, {@code app.recommendations.counter}, {@code app.frontend.requests},
 * {@code app.ads.ad_requests}; cumulative, as the demo's SDKs export them — a Prometheus-naming
 * exporter turns them into {@code app_cart_add_item_latency_seconds}, {@code app_payment_transactions_total},
 * …), and {@code user_get_ads} traces whose {@code oteldemo.AdService/GetAds} span fails with
 * {@code 14 UNAVAILABLE} when the ad fault is on.
 */
final class AppTelemetry {
    /** The cart's own timer stops before the proxy's does: app latency is this share of the mesh latency. */
    static final double APP_SHARE_OF_MESH = 0.8;
    /** Share of cart calls that are AddItem (the rest: GetCart, EmptyCart). */
    static final double ADD_ITEM_SHARE = 0.3;
    static final double[] CART_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};

    private final TrafficModel traffic;
    private final long seed;
    private int traceSeq;
    private long lastAdFailures;

    AppTelemetry(TrafficModel traffic, long seed) {
        this.traffic = traffic;
        this.seed = seed;
    }

    ExportMetricsServiceRequest metrics(long now) {
        ExportMetricsServiceRequest.Builder req = ExportMetricsServiceRequest.newBuilder();
        long start = traffic.shop().pods().stream().mapToLong(SimPod::startMillis).min().orElse(now);
        for (SimPod p : traffic.shop().pods()) {
            if (!p.namespace().startsWith(ShopModel.SHOP_NS)) {
                continue;
            }
            List<Metric> ms = new ArrayList<>();
            String svc = p.service().name();
            switch (svc) {
                case "cart" -> ms.add(cartLatency(inbound(p, null), start, now));
                case "payment" -> ms.add(counter("app.payment.transactions", "",
                        successes(inbound(p, "checkout"), now), start, now, kv("app.payment.currency", "USD")));
                case "recommendation" -> ms.add(counter("app.recommendations.counter", "",
                        requests(inbound(p, "frontend"), now), start, now, kv("recommendation.type", "catalog")));
                case "frontend" -> ms.add(counter("app.frontend.requests", "", requests(inbound(p, "frontend-proxy"), now),
                        start, now, kv("method", "GET"), kv("status", "200")));
                case "ad" -> ms.add(counter("app.ads.ad_requests", "", requests(inbound(p, "frontend"), now), start, now,
                        kv("app.ads.ad_request_type", "not_targeted"), kv("app.ads.ad_response_type", "random")));
                default -> { }
            }
            if (ms.isEmpty()) {
                continue;
            }
            req.addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(p))
                    .addScopeMetrics(ScopeMetrics.newBuilder()
                            .setScope(InstrumentationScope.newBuilder().setName(svc).build()).addAllMetrics(ms)));
        }
        return req.build();
    }

    private List<Flow> inbound(SimPod p, String caller) {
        List<Flow> out = new ArrayList<>();
        for (Flow f : traffic.inbound(p)) {
            if (f.caller != null && f.edge.port() != ShopModel.ADMIN_PORT
                    && (caller == null ? !f.caller.service().name().equals("flagd")
                            && f.edge.to().equals(p.service().name())
                            : f.caller.service().name().equals(caller))) {
                out.add(f);
            }
        }
        return out;
    }

    private static long requests(List<Flow> flows, long now) {
        long n = 0;
        for (Flow f : flows) {
            n += f.requests(now);
        }
        return n;
    }

    private static long successes(List<Flow> flows, long now) {
        long n = 0;
        long[] into = new long[8];
        for (Flow f : flows) {
            Outcome.split(f.requests(now), f.outcomes, into);
            for (int i = 0; i < f.outcomes.size(); i++) {
                if (!f.outcomes.get(i).failure()) {
                    n += into[i];
                }
            }
        }
        return n;
    }

    private Metric cartLatency(List<Flow> flows, long start, long now) {
        HistogramDataPoint.Builder dp = HistogramDataPoint.newBuilder().setStartTimeUnixNano(start * 1_000_000)
                .setTimeUnixNano(now * 1_000_000).addAllExplicitBounds(boxed(CART_BOUNDS));
        long[] counts = new long[CART_BOUNDS.length + 1];
        long total = 0;
        double sum = 0;
        for (Flow f : flows) {
            long n = (long) Math.floor(f.requests(now) * ADD_ITEM_SHARE);
            LatencyShape app = f.inbound.scaled(APP_SHARE_OF_MESH);
            long prev = 0;
            for (int i = 0; i < CART_BOUNDS.length; i++) {
                long cum = LatencyShape.bucket(n, app.cdf(CART_BOUNDS[i] * 1000));
                counts[i] += cum - prev;
                prev = cum;
            }
            counts[CART_BOUNDS.length] += n - prev;
            total += n;
            sum += n * app.meanMs / 1000.0;
        }
        for (long c : counts) {
            dp.addBucketCounts(c);
        }
        dp.setCount(total).setSum(sum).addAttributes(kv("app.cart.method", "AddItem"));
        return Metric.newBuilder().setName("app.cart.add_item.latency").setUnit("s")
                .setDescription("Latency of adding an item to the cart")
                .setHistogram(Histogram.newBuilder().setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(dp)).build();
    }

    private static List<Double> boxed(double[] a) {
        List<Double> out = new ArrayList<>(a.length);
        for (double d : a) {
            out.add(d);
        }
        return out;
    }

    private static Metric counter(String name, String unit, long value, long start, long now, KeyValue... attrs) {
        NumberDataPoint.Builder dp = NumberDataPoint.newBuilder().setStartTimeUnixNano(start * 1_000_000)
                .setTimeUnixNano(now * 1_000_000).setAsInt(value);
        for (KeyValue a : attrs) {
            dp.addAttributes(a);
        }
        return Metric.newBuilder().setName(name).setUnit(unit).setSum(Sum.newBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE).addDataPoints(dp))
                .build();
    }

    static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    private static Resource resource(SimPod p) {
        return Resource.newBuilder().addAttributes(kv("service.name", p.service().name()))
                .addAttributes(kv("service.namespace", "opentelemetry-demo"))
                .addAttributes(kv("k8s.namespace.name", p.namespace())).addAttributes(kv("k8s.pod.name", p.name()))
                .addAttributes(kv("k8s.pod.ip", p.ip())).build();
    }

    /**
     * One {@code user_get_ads} trace: load-generator → frontend-proxy → frontend → GetAds. The GetAds
     * client span fails when frontend → ad calls failed since the last trace (the ad fault).
     */
    synchronized ExportTraceServiceRequest trace(long now) {
        SimPod lg = pod("load-generator");
        SimPod proxy = pod("frontend-proxy");
        SimPod fe = pod("frontend");
        SimPod ad = pod("ad");
        if (lg == null || proxy == null || fe == null || ad == null) {
            return ExportTraceServiceRequest.getDefaultInstance();
        }
        long failures = requests(inbound(ad, "frontend"), now) - successes(inbound(ad, "frontend"), now);
        boolean fail = failures > lastAdFailures;
        lastAdFailures = failures;
        SplittableRandom r = new SplittableRandom(seed * 31 + traceSeq++);
        byte[] traceId = bytes(r, 16);
        long t0 = (now - 40) * 1_000_000;
        byte[] s1 = bytes(r, 8);
        byte[] s2 = bytes(r, 8);
        byte[] s3 = bytes(r, 8);
        byte[] s4 = bytes(r, 8);
        int clientPort = 40000 + r.nextInt(20000);
        ExportTraceServiceRequest.Builder req = ExportTraceServiceRequest.newBuilder();
        req.addResourceSpans(spans(lg, span(traceId, s1, null, "user_get_ads", Span.SpanKind.SPAN_KIND_CLIENT, t0,
                t0 + 30_000_000, null)));
        req.addResourceSpans(spans(proxy, span(traceId, s2, s1, "ingress", Span.SpanKind.SPAN_KIND_SERVER,
                t0 + 1_000_000, t0 + 28_000_000, null)));
        Span.Builder getAds = span(traceId, s4, s3, "oteldemo.AdService/GetAds", Span.SpanKind.SPAN_KIND_CLIENT,
                t0 + 5_000_000, t0 + 9_000_000, null);
        getAds.addAttributes(kv("rpc.system", "grpc")).addAttributes(kv("rpc.service", "oteldemo.AdService"))
                .addAttributes(kv("rpc.method", "GetAds")).addAttributes(kv("net.peer.name", "ad"))
                .addAttributes(kv("net.peer.port", "8080"));
        if (fail) {
            String msg = "14 UNAVAILABLE: client " + fe.ip() + ":" + clientPort + ": server: " + ad.ip() + ":"
                    + ShopModel.INBOUND_PORT + ".";
            getAds.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(msg))
                    .addAttributes(KeyValue.newBuilder().setKey("error")
                            .setValue(AnyValue.newBuilder().setBoolValue(true)))
                    .addAttributes(kv("grpc.error_message", msg))
                    .addAttributes(KeyValue.newBuilder().setKey("rpc.grpc.status_code")
                            .setValue(AnyValue.newBuilder().setIntValue(14)));
        } else {
            getAds.addAttributes(KeyValue.newBuilder().setKey("rpc.grpc.status_code")
                    .setValue(AnyValue.newBuilder().setIntValue(0)));
        }
        req.addResourceSpans(ResourceSpans.newBuilder().setResource(resource(fe)).addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("frontend"))
                .addSpans(span(traceId, s3, s2, "GET /api/data", Span.SpanKind.SPAN_KIND_SERVER, t0 + 2_000_000,
                        t0 + 26_000_000, null)).addSpans(getAds)));
        return req.build();
    }

    private SimPod pod(String svc) {
        for (SimPod p : traffic.shop().pods()) {
            if (p.namespace().equals(ShopModel.SHOP_NS) && p.service().name().equals(svc)) {
                return p;
            }
        }
        return null;
    }

    private static ResourceSpans spans(SimPod p, Span.Builder s) {
        return ResourceSpans.newBuilder().setResource(resource(p)).addScopeSpans(ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName(p.service().name())).addSpans(s)).build();
    }

    private static Span.Builder span(byte[] trace, byte[] id, byte[] parent, String name, Span.SpanKind kind,
            long start, long end, Status status) {
        Span.Builder b = Span.newBuilder().setTraceId(ByteString.copyFrom(trace)).setSpanId(ByteString.copyFrom(id))
                .setName(name).setKind(kind).setStartTimeUnixNano(start).setEndTimeUnixNano(end);
        if (parent != null) {
            b.setParentSpanId(ByteString.copyFrom(parent));
        }
        if (status != null) {
            b.setStatus(status);
        }
        return b;
    }

    private static byte[] bytes(SplittableRandom r, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) r.nextInt(256);
        }
        return b;
    }
}
