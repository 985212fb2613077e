package io.meshlens.remotewrite;

import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.Exemplar;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.SummaryPoints;
import io.meshlens.model.Temporality;
import io.meshlens.remotewrite.proto.Label;
import io.meshlens.remotewrite.proto.TimeSeries;
import io.meshlens.remotewrite.proto.WriteRequest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.meshlens.remotewrite.WriteRequests.text;
import static org.assertj.core.api.Assertions.assertThat;

class RemoteWriteEncoderTest {
    static final long T = 1_700_000_000_123_456_789L; // ns
    static final long MS = 1_700_000_000_123L;
    static final Attributes RESOURCE = Attributes.of("service.name", "linkerd-proxy", "service.instance.id",
            "10.0.0.1:4191");

    static MetricBatch batch(Attributes resource, Metric... metrics) {
        MetricBatch b = new MetricBatch();
        ScopeMetrics sm = b.addResource(resource).addScope(Scope.EMPTY);
        sm.metrics().addAll(List.of(metrics));
        return b;
    }

    static NumberPoints one(Attributes a, double v) {
        NumberPoints p = new NumberPoints();
        p.addDouble(a, 0, T, v, 0);
        return p;
    }

    static List<String> encode(TranslationSettings s, MetricBatch b) {
        RemoteWriteEncoder e = new RemoteWriteEncoder(s, 3_000_000);
        return WriteRequests.series(e.encode(b).requests()).stream().map(WriteRequests::text).sorted().toList();
    }

    static List<String> encode(MetricBatch b) {
        return encode(TranslationSettings.defaults(), b);
    }

    @Test
    void counterKeepsItsTotalSuffixAndGetsJobAndInstance() {
        Metric m = Metric.sum("response_total", "", "", Temporality.CUMULATIVE, true,
                one(Attributes.of("direction", "inbound"), 7));
        assertThat(encode(batch(RESOURCE, m))).containsExactly(
                "response_total{direction=\"inbound\",instance=\"10.0.0.1:4191\",job=\"linkerd-proxy\"} 7");
    }

    @Test
    void oneEncoderRenamesAMetricWhoseUnitOrKindChangesUnderTheSameName() {
        RemoteWriteEncoder e = new RemoteWriteEncoder(TranslationSettings.defaults(), 3_000_000);
        Attributes a = Attributes.of("k", "v");
        List<String> names = new java.util.ArrayList<>();
        for (Metric m : List.of(Metric.gauge("memory.usage", "", "By", one(a, 1)),
                Metric.gauge("memory.usage", "", "By", one(a, 2)),
                Metric.gauge("memory.usage", "", "", one(a, 3)),
                Metric.sum("memory.usage", "", "", Temporality.CUMULATIVE, true, one(a, 4)))) {
            String series = text(WriteRequests.series(e.encode(batch(RESOURCE, m)).requests()).getFirst());
            names.add(series.substring(0, series.indexOf('{')));
        }
        assertThat(names).containsExactly("memory_usage_bytes", "memory_usage_bytes", "memory_usage",
                "memory_usage_total");
    }

    record NameCase(String name, String unit, String kind, boolean suffixes, String namespace, String expected) {
    }

    @Test
    void metricNamesFollowNormalizeName() {
        List<NameCase> cases = List.of(
                new NameCase("http.server.duration", "ms", "histogram", true, "", "http_server_duration_milliseconds"),
                new NameCase("requests", "", "counter", true, "", "requests_total"),
                new NameCase("tcp_read_bytes_total", "By", "counter", true, "", "tcp_read_bytes_total"),
                new NameCase("memory.usage", "By", "gauge", true, "", "memory_usage_bytes"),
                new NameCase("cpu.utilization", "1", "gauge", true, "", "cpu_utilization_ratio"),
                new NameCase("queue.depth", "{requests}", "gauge", true, "", "queue_depth"),
                new NameCase("throughput", "By/s", "gauge", true, "", "throughput_bytes_per_second"),
                new NameCase("updown", "", "updown", true, "", "updown"),
                new NameCase("2xx.count", "", "gauge", true, "", "_2xx_count"),
                new NameCase("requests", "", "counter", true, "mesh", "mesh_requests_total"),
                new NameCase("http.requests:rate", "s", "counter", false, "", "http_requests:rate"),
                new NameCase("requests", "", "counter", false, "mesh", "mesh_requests"),
                new NameCase("2xx", "", "gauge", false, "", "_2xx"));
        for (NameCase c : cases) {
            io.meshlens.model.MetricType type = switch (c.kind) {
                case "histogram" -> io.meshlens.model.MetricType.HISTOGRAM;
                case "counter", "updown" -> io.meshlens.model.MetricType.SUM;
                default -> io.meshlens.model.MetricType.GAUGE;
            };
            assertThat(PrometheusNaming.metricName(c.name, c.unit, type, c.kind.equals("counter"), c.namespace,
                    c.suffixes)).as(c.toString()).isEqualTo(c.expected);
        }
    }

    @Test
    void labelNamesAreSanitized() {
        Map<String, String> cases = Map.of(
                "http.method", "http_method",
                "0abc", "key_0abc",
                "_private", "key_private",
                "__reserved", "__reserved",
                "dir-ection", "dir_ection",
                "ünï", "ünï");
        cases.forEach((in, out) -> assertThat(PrometheusNaming.labelName(in)).as(in).isEqualTo(out));
    }

    @Test
    void collidingLabelNamesAreJoinedWithSemicolonInKeyOrder() {
        Metric m = Metric.gauge("g", "", "", one(Attributes.of("a.b", "1", "a-b", "2", "a_b", "3"), 1));
        assertThat(encode(batch(Attributes.EMPTY, m))).containsExactly("g{a_b=\"2;1;3\"} 1");
    }

    @Test
    void jobUsesServiceNamespaceAndOverridesAJobAttribute() {
        Attributes res = Attributes.of("service.namespace", "shop", "service.name", "cart");
        Metric m = Metric.gauge("g", "", "", one(Attributes.of("job", "mine"), 1));
        assertThat(encode(TranslationSettings.defaults(), batch(res, m))).containsExactly("g{job=\"shop/cart\"} 1");
    }

    @Test
    void externalLabelsAreAddedOnlyWhereAbsentAndNamespacePrefixesNames() {
        var s = new TranslationSettings("mesh", Map.of("cluster", "eu1", "direction", "ext"), true, false, false, false);
        Metric m = Metric.gauge("g", "", "", one(Attributes.of("direction", "inbound"), 1));
        assertThat(encode(s, batch(Attributes.EMPTY, m)))
                .containsExactly("mesh_g{cluster=\"eu1\",direction=\"inbound\"} 1");
    }

    @Test
    void labelsAreSortedByNameOnTheWire() {
        Metric m = Metric.gauge("g", "", "", one(Attributes.of("Zeta", "1", "alpha", "2"), 1));
        WriteRequest r = WriteRequests.decode(new RemoteWriteEncoder(TranslationSettings.defaults(), 3_000_000)
                .encode(batch(RESOURCE, m)).requests().get(0));
        List<String> names = r.getTimeseries(0).getLabelsList().stream().map(Label::getName).toList();
        assertThat(names).containsExactly("Zeta", "__name__", "alpha", "instance", "job").isSorted();
        assertThat(r.getTimeseries(0).getSamples(0).getTimestamp()).isEqualTo(MS);
    }

    @Test
    void histogramBecomesCumulativeBucketsSumAndCount() {
        HistogramPoints p = new HistogramPoints();
        p.add(Attributes.of("direction", "inbound"), 0, T, 10, 123.5, new double[] {1, 2.5, 10},
                new long[] {3, 4, 2, 1}, HistogramPoints.FLAG_HAS_SUM);
        Metric m = Metric.histogram("response_latency_ms", "", "", Temporality.CUMULATIVE, p);
        assertThat(encode(batch(Attributes.EMPTY, m))).containsExactly(
                "response_latency_ms_bucket{direction=\"inbound\",le=\"+Inf\"} 10",
                "response_latency_ms_bucket{direction=\"inbound\",le=\"1\"} 3",
                "response_latency_ms_bucket{direction=\"inbound\",le=\"10\"} 9",
                "response_latency_ms_bucket{direction=\"inbound\",le=\"2.5\"} 7",
                "response_latency_ms_count{direction=\"inbound\"} 10",
                "response_latency_ms_sum{direction=\"inbound\"} 123.5");
    }

    @Test
    void histogramWithoutSumHasNoSumSeries() {
        HistogramPoints p = new HistogramPoints();
        p.add(Attributes.EMPTY, 0, T, 2, 0, new double[] {0.005}, new long[] {1, 1}, 0);
        Metric m = Metric.histogram("h", "", "s", Temporality.CUMULATIVE, p);
        assertThat(encode(batch(Attributes.EMPTY, m))).containsExactly(
                "h_seconds_bucket{le=\"+Inf\"} 2", "h_seconds_bucket{le=\"0.005\"} 1", "h_seconds_count{} 2");
    }

    @Test
    void summaryBecomesQuantilesSumAndCount() {
        SummaryPoints p = new SummaryPoints();
        p.add(Attributes.EMPTY, 0, T, 4, 2.5, new double[] {0.5, 0.99}, new double[] {0.4, 1.2}, 0);
        Metric m = Metric.summary("rpc.latency", "", "s", p);
        assertThat(encode(batch(Attributes.EMPTY, m))).containsExactly(
                "rpc_latency_seconds_count{} 4", "rpc_latency_seconds_sum{} 2.5",
                "rpc_latency_seconds{quantile=\"0.5\"} 0.4", "rpc_latency_seconds{quantile=\"0.99\"} 1.2");
    }

    @Test
    void noRecordedValueBecomesStaleNaNOnEverySeriesOfThePoint() {
        NumberPoints g = new NumberPoints();
        g.addDouble(Attributes.EMPTY, 0, T, 0, DataPoints.FLAG_NO_RECORDED_VALUE);
        HistogramPoints h = new HistogramPoints();
        h.add(Attributes.EMPTY, 0, T, 0, 0, new double[] {1}, new long[] {0, 0},
                DataPoints.FLAG_NO_RECORDED_VALUE | HistogramPoints.FLAG_HAS_SUM);
        assertThat(encode(batch(Attributes.EMPTY, Metric.gauge("g", "", "", g),
                Metric.histogram("h", "", "", Temporality.CUMULATIVE, h)))).containsExactly(
                "g{} stale", "h_bucket{le=\"+Inf\"} stale", "h_bucket{le=\"1\"} stale", "h_count{} stale",
                "h_sum{} stale");
    }

    @Test
    void deltaSumsAndHistogramsAndExponentialHistogramsAreDroppedAndCounted() {
        Metric delta = Metric.sum("d", "", "", Temporality.DELTA, true, one(Attributes.EMPTY, 1));
        HistogramPoints hp = new HistogramPoints();
        hp.add(Attributes.EMPTY, 0, T, 1, 1, new double[0], new long[] {1}, 0);
        Metric deltaHist = Metric.histogram("dh", "", "", Temporality.DELTA, hp);
        var eh = new io.meshlens.model.ExponentialHistogramPoints();
        eh.add(Attributes.EMPTY, 0, T, 1, 1, null, 0);
        Metric exp = Metric.exponentialHistogram("e", "", "", Temporality.CUMULATIVE, eh);
        Metric kept = Metric.gauge("g", "", "", one(Attributes.EMPTY, 1));
        RemoteWriteEncoder.Encoded out = new RemoteWriteEncoder(TranslationSettings.defaults(), 3_000_000)
                .encode(batch(Attributes.EMPTY, delta, deltaHist, exp, kept));
        assertThat(out.failedTranslations()).isEqualTo(3);
        assertThat(out.droppedPoints()).isEqualTo(3);
        assertThat(out.failedMetrics()).containsExactly("d", "dh", "e");
        assertThat(WriteRequests.series(out.requests())).extracting(WriteRequests::text).containsExactly("g{} 1");
    }

    @Test
    void targetInfoCarriesNonIdentifyingResourceAttributesOncePerResource() {
        Attributes res = Attributes.of("service.name", "web", "service.instance.id", "pod-1", "k8s.pod.name", "web-1",
                "host.arch", "amd64");
        NumberPoints p = new NumberPoints();
        p.addDouble(Attributes.of("a", "1"), 0, T - 5_000_000_000L, 1, 0);
        p.addDouble(Attributes.of("a", "2"), 0, T, 2, 0);
        var s = new TranslationSettings("", Map.of("cluster", "eu1"), true, true, false, false);
        List<TimeSeries> out = WriteRequests.series(new RemoteWriteEncoder(s, 3_000_000)
                .encode(batch(res, Metric.gauge("g", "", "", p))).requests());
        List<TimeSeries> ti = out.stream().filter(t -> WriteRequests.labels(t).get("__name__").equals("target_info"))
                .toList();
        assertThat(ti).hasSize(1);
        assertThat(WriteRequests.labels(ti.get(0))).isEqualTo(Map.of("__name__", "target_info", "job", "web",
                "instance", "pod-1", "k8s_pod_name", "web-1", "host_arch", "amd64", "cluster", "eu1"));
        assertThat(ti.get(0).getSamples(0).getTimestamp()).isEqualTo(MS);
        assertThat(ti.get(0).getSamples(0).getValue()).isEqualTo(1);
    }

    @Test
    void targetInfoIsSkippedWithOnlyIdentifyingAttributesWithoutJobOrWhenDisabled() {
        Metric m = Metric.gauge("g", "", "", one(Attributes.EMPTY, 1));
        assertThat(encode(batch(RESOURCE, m))).noneMatch(s -> s.startsWith("target_info"));
        assertThat(encode(batch(Attributes.of("host.name", "h"), m))).noneMatch(s -> s.startsWith("target_info"));
        var off = new TranslationSettings("", Map.of(), true, false, false, false);
        assertThat(encode(off, batch(Attributes.of("service.name", "a", "host.name", "h"), m)))
                .noneMatch(s -> s.startsWith("target_info"));
        assertThat(encode(batch(Attributes.of("service.name", "a", "host.name", "h"), m)))
                .contains("target_info{host_name=\"h\",job=\"a\"} 1");
    }

    @Test
    void resourceToTelemetryCopiesResourceAttributesOntoPoints() {
        var s = new TranslationSettings("", Map.of(), true, false, true, false);
        Metric m = Metric.gauge("g", "", "", one(Attributes.of("a", "1"), 1));
        assertThat(encode(s, batch(Attributes.of("service.name", "web", "k8s.ns", "x"), m))).containsExactly(
                "g{a=\"1\",job=\"web\",k8s_ns=\"x\",service_name=\"web\"} 1");
    }

    @Test
    void samplesOfOneSeriesAreMergedInTimestampOrder() {
        NumberPoints p = new NumberPoints();
        Attributes a = Attributes.of("x", "1");
        p.addDouble(a, 0, 3_000_000, 3, 0);
        p.addDouble(Attributes.of("x", "1"), 0, 1_000_000, 1, 0); // equal content, other instance
        p.addDouble(a, 0, 2_000_000, 2, 0);
        List<TimeSeries> out = WriteRequests.series(new RemoteWriteEncoder(TranslationSettings.defaults(), 3_000_000)
                .encode(batch(Attributes.EMPTY, Metric.gauge("g", "", "", p))).requests());
        assertThat(out).hasSize(1);
        assertThat(out.get(0).getSamplesList()).extracting(s -> s.getTimestamp()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void bucketsOfAHistogramWhoseBoundsChangeWithinABatchStayOneSeriesEach() {
        HistogramPoints p = new HistogramPoints();
        Attributes a = Attributes.of("x", "1");
        p.add(a, 0, 1_000_000, 3, 0, new double[] {1, 2, 3}, new long[] {1, 1, 1, 0}, 0);
        p.add(a, 0, 2_000_000, 3, 0, new double[] {1, 3}, new long[] {1, 2, 0}, 0);
        p.add(a, 0, 3_000_000, 3, 0, new double[] {1, 2, 3}, new long[] {1, 1, 1, 0}, 0);
        List<TimeSeries> out = WriteRequests.series(new RemoteWriteEncoder(TranslationSettings.defaults(), 3_000_000)
                .encode(batch(Attributes.EMPTY, Metric.histogram("h", "", "", Temporality.CUMULATIVE, p))).requests());

        assertThat(out).extracting(s -> text(s).replaceAll(" .*", "") + " " + s.getSamplesCount()).containsExactly(
                "h_count{x=\"1\"} 3", "h_bucket{le=\"1\",x=\"1\"} 3", "h_bucket{le=\"2\",x=\"1\"} 2",
                "h_bucket{le=\"3\",x=\"1\"} 3", "h_bucket{le=\"+Inf\",x=\"1\"} 3");
    }

    @Test
    void exemplarsGoToTheFirstBucketHoldingTheirValueAndToCountersButNotGauges() {
        HistogramPoints p = new HistogramPoints();
        int i = p.add(Attributes.EMPTY, 0, T, 3, 6, new double[] {1, 5}, new long[] {1, 1, 1},
                HistogramPoints.FLAG_HAS_SUM);
        p.setExemplars(i, new Exemplar[] {new Exemplar(Attributes.of("pod", "a"), T, 3.0,
                "0102030405060708090a0b0c0d0e0f10", "0102030405060708")});
        NumberPoints c = one(Attributes.EMPTY, 9);
        c.setExemplars(0, new Exemplar[] {new Exemplar(Attributes.EMPTY, T, 1.0, "", "")});
        NumberPoints gauge = one(Attributes.EMPTY, 9);
        gauge.setExemplars(0, new Exemplar[] {new Exemplar(Attributes.EMPTY, T, 1.0, "", "")});
        List<TimeSeries> out = WriteRequests.series(new RemoteWriteEncoder(TranslationSettings.defaults(), 3_000_000)
                .encode(batch(Attributes.EMPTY, Metric.histogram("h", "", "", Temporality.CUMULATIVE, p),
                        Metric.sum("c", "", "", Temporality.CUMULATIVE, true, c),
                        Metric.gauge("g", "", "", gauge))).requests());
        TimeSeries le5 = out.stream().filter(t -> "5".equals(WriteRequests.labels(t).get("le"))).findFirst().orElseThrow();
        assertThat(le5.getExemplarsCount()).isEqualTo(1);
        assertThat(le5.getExemplars(0).getLabelsList()).extracting(Label::getName)
                .containsExactly("trace_id", "span_id", "pod");
        assertThat(le5.getExemplars(0).getValue()).isEqualTo(3.0);
        assertThat(le5.getExemplars(0).getTimestamp()).isEqualTo(MS);
        assertThat(out.stream().filter(t -> t.getExemplarsCount() > 0)).hasSize(2);
    }

    @Test
    void requestsAreSplitUnderMaxBatchSizeBytesWithoutLosingSeries() {
        NumberPoints p = new NumberPoints();
        for (int k = 0; k < 500; k++) {
            p.addDouble(Attributes.of("k", "value-" + k), 0, T, k, 0);
        }
        RemoteWriteEncoder e = new RemoteWriteEncoder(TranslationSettings.defaults(), 2_000);
        RemoteWriteEncoder.Encoded out = e.encode(batch(Attributes.EMPTY, Metric.gauge("g", "", "", p)));
        assertThat(out.requests()).hasSizeGreaterThan(10);
        for (byte[] r : out.requests()) {
            assertThat(WriteRequests.decode(r).getSerializedSize()).isLessThanOrEqualTo(2_000);
        }
        assertThat(WriteRequests.series(out.requests())).hasSize(500);
    }

    @Test
    void metadataIsSentOnlyWhenEnabled() {
        var s = new TranslationSettings("", Map.of(), true, false, false, true);
        Metric m = Metric.sum("requests", "All requests", "", Temporality.CUMULATIVE, true, one(Attributes.EMPTY, 1));
        WriteRequest r = WriteRequests.decode(new RemoteWriteEncoder(s, 3_000_000).encode(batch(Attributes.EMPTY, m))
                .requests().get(0));
        assertThat(r.getMetadataCount()).isEqualTo(1);
        assertThat(r.getMetadata(0).getMetricFamilyName()).isEqualTo("requests_total");
        assertThat(r.getMetadata(0).getHelp()).isEqualTo("All requests");
        assertThat(r.getMetadata(0).getType().getNumber()).isEqualTo(1);
        WriteRequest noMeta = WriteRequests.decode(new RemoteWriteEncoder(TranslationSettings.defaults(), 3_000_000)
                .encode(batch(Attributes.EMPTY, m)).requests().get(0));
        assertThat(noMeta.getMetadataCount()).isZero();
    }

    @Test
    void steadyStatePushesReuseCachedLabelsAndIdleOnesAreSwept() {
        long[] now = {0};
        RemoteWriteEncoder e = new RemoteWriteEncoder(TranslationSettings.defaults(), 3_000_000, () -> now[0]);
        Attributes a = Attributes.of("x", "1");
        for (int k = 0; k < 3; k++) {
            e.encode(batch(RESOURCE, Metric.gauge("g", "", "", one(a, k))));
        }
        assertThat(e.cachedLabelSets()).isEqualTo(1);
        assertThat(e.labelSetsBuilt()).as("built once, then found by identity").isEqualTo(1);
        e.encode(batch(RESOURCE.toBuilder().build(), Metric.gauge("g", "", "", one(a, 9))));
        assertThat(e.labelSetsBuilt()).as("an equal but new resource instance is a miss").isEqualTo(2);
        assertThat(e.cachedLabelSets()).as("interned by content").isEqualTo(1);
        Attributes b = Attributes.of("x", "2");
        long step = LabelCache.SWEEP_EVERY_NANOS;
        for (long t = 0; t <= LabelCache.IDLE_NANOS + 2 * step; t += step / 2) {
            now[0] = t;
            e.encode(batch(RESOURCE, Metric.gauge("g", "", "", one(b, t))));
        }
        assertThat(e.cachedLabelSets()).as("x=1 idle for longer than IDLE_NANOS is swept").isEqualTo(1);
    }

    @Test
    void seriesSeenOncePerScrapeIntervalStayCachedAcrossManyPushesOfOtherTargets() {
        // 1,000 targets scraped every 15 s: one target's series are in one push out of hundreds.
        long[] now = {0};
        RemoteWriteEncoder e = new RemoteWriteEncoder(TranslationSettings.defaults(), 3_000_000, () -> now[0]);
        Attributes a = Attributes.of("x", "1");
        Attributes other = Attributes.of("x", "2");
        for (int scrape = 0; scrape < 30; scrape++) {
            now[0] = scrape * TimeUnit.SECONDS.toNanos(15);
            e.encode(batch(RESOURCE, Metric.gauge("g", "", "", one(a, scrape))));
            for (int push = 0; push < 200; push++) {
                now[0] += TimeUnit.MILLISECONDS.toNanos(50);
                e.encode(batch(RESOURCE, Metric.gauge("g", "", "", one(other, push))));
            }
        }
        assertThat(e.labelSetsBuilt()).as("each label set built once, not once per scrape").isEqualTo(2);
    }

    @Test
    void requestBuffersGrownByALargeBatchAreCutBackAfterSmallOnes() {
        RemoteWriteEncoder e = new RemoteWriteEncoder(TranslationSettings.defaults(), 3_000_000);
        NumberPoints many = new NumberPoints();
        for (int i = 0; i < 20_000; i++) {
            many.addDouble(Attributes.of("path", "/api/item/" + i), 0, T, i, 0);
        }
        MetricBatch large = batch(RESOURCE, Metric.gauge("g", "", "", many));
        assertThat(WriteRequests.series(e.encode(large).requests())).hasSize(20_000);
        int grown = e.bufferBytes();
        assertThat(grown).as("grown to the ~1 MB request, not doubled past max_batch_size_bytes' bound")
                .isBetween(2 * 1_000_000, 2 * 3_500_032);
        for (int i = 0; i < 63; i++) {
            e.encode(batch(RESOURCE, Metric.gauge("g", "", "", one(Attributes.of("k", "v"), i))));
        }
        assertThat(e.bufferBytes()).as("the large request is among the last 64").isEqualTo(grown);
        for (int i = 0; i < 64; i++) {
            e.encode(batch(RESOURCE, Metric.gauge("g", "", "", one(Attributes.of("k", "v"), i))));
        }
        assertThat(e.bufferBytes()).isLessThanOrEqualTo(2 * 64 * 1024 + 64 * 1024 / 6 + 32);
        assertThat(WriteRequests.series(e.encode(large).requests())).hasSize(20_000); // and grows again
    }

    @Test
    void aReleasedRequestsArrayCarriesALaterRequestAndAnUnreleasedOneIsNeverWritten() {
        RemoteWriteEncoder e = new RemoteWriteEncoder(TranslationSettings.defaults(), 3_000_000);
        RequestBody first = body(e, 1);
        byte[] firstBytes = first.toArray();
        RequestBody second = body(e, 2);
        assertThat(second.bytes()).as("the first is still out").isNotSameAs(first.bytes());
        assertThat(first.toArray()).isEqualTo(firstBytes);

        first.release();
        first.release(); // once is enough: the array goes back once
        RequestBody third = body(e, 3);
        assertThat(third.bytes()).isSameAs(first.bytes());
        assertThat(third.bytes().length).as("the array has room to spare").isGreaterThan(third.length());
        assertThat(WriteRequests.series(List.of(third.toArray()))).singleElement().extracting(WriteRequests::text)
                .asString().endsWith(",k=\"v\"} 3");
        assertThat(body(e, 4).bytes()).isNotSameAs(first.bytes());
    }

    private static RequestBody body(RemoteWriteEncoder e, double v) {
        List<RequestBody> bodies = e.encode(batch(RESOURCE, Metric.gauge("g", "", "", one(Attributes.of("k", "v"), v))))
                .bodies();
        assertThat(bodies).hasSize(1);
        return bodies.getFirst();
    }
}
