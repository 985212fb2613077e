package io.meshlens.scrape;

import io.meshlens.textparse.FamilyType;
import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.MetricType;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.SummaryPoints;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MetricAssemblerTest {
    private MetadataStore md;
    private MetricAssembler asm;
    private final Map<Attributes, MetricAssembler.Series> cache = new HashMap<>();

    @BeforeEach
    void setUp() {
        md = new MetadataStore();
        Attributes discovered = Attributes.of("__address__", "10.42.0.21:4191", "__scheme__", "http",
                "__meta_kubernetes_pod_name", "web-1", "__meta_kubernetes_namespace", "shop",
                "__meta_kubernetes_pod_controller_kind", "ReplicaSet", "__meta_kubernetes_pod_controller_name", "web-6d8f");
        asm = new MetricAssembler(new ResourceBuilder(discovered), "linkerd-mesh", "10.42.0.21:4191", "test");
    }

    private void sample(double v, long ts, Object... labels) {
        Attributes l = Attributes.of(labels).with("job", "linkerd-mesh").with("instance", "10.42.0.21:4191");
        MetricAssembler.Series s = cache.get(l);
        if (s == null || !s.valid(md)) {
            s = asm.resolve(l, md);
            cache.put(l, s);
        }
        asm.add(s, v, ts);
    }

    private static Metric metric(MetricBatch b, String name) {
        return b.resources().stream().flatMap(r -> r.scopes().stream()).flatMap(s -> s.metrics().stream())
                .filter(m -> m.name().equals(name)).findFirst().orElse(null);
    }

    private static List<String> names(MetricBatch b) {
        return b.resources().stream().flatMap(r -> r.scopes().stream()).flatMap(s -> s.metrics().stream())
                .map(Metric::name).toList();
    }

    @Test
    void counterKeepsTotalSuffixAndIsCumulativeMonotonicSum() {
        md.setType("response_total", FamilyType.COUNTER);
        asm.beginScrape();
        sample(440, 1000, "__name__", "response_total", "classification", "success");
        Metric m = metric(asm.finish(1000), "response_total");
        assertThat(m.type()).isEqualTo(MetricType.SUM);
        assertThat(m.isMonotonic()).isTrue();
        assertThat(m.numberPoints().value(0)).isEqualTo(440);
        assertThat(m.numberPoints().attributes(0)).isEqualTo(Attributes.of("classification", "success"));
    }

    @Test
    void counterTypedOnBaseNameKeepsSampleName() {
        md.setType("process_cpu_seconds", FamilyType.COUNTER);
        asm.beginScrape();
        sample(12.34, 1000, "__name__", "process_cpu_seconds_total");
        assertThat(metric(asm.finish(1000), "process_cpu_seconds_total").type()).isEqualTo(MetricType.SUM);
    }

    @Test
    void untypedBecomesGauge() {
        asm.beginScrape();
        sample(2, 1000, "__name__", "tokio_rt_workers");
        assertThat(metric(asm.finish(1000), "tokio_rt_workers").type()).isEqualTo(MetricType.GAUGE);
    }

    @Test
    void histogramIsAssembledFromBucketsSumAndCountWithDecumulatedCounts() {
        md.setType("response_latency_ms", FamilyType.HISTOGRAM);
        asm.beginScrape();
        sample(301, 1000, "__name__", "response_latency_ms_bucket", "dir", "out", "le", "1");
        sample(400, 1000, "__name__", "response_latency_ms_bucket", "dir", "out", "le", "10");
        sample(455, 1000, "__name__", "response_latency_ms_bucket", "dir", "out", "le", "+Inf");
        sample(455, 1000, "__name__", "response_latency_ms_count", "dir", "out");
        sample(612, 1000, "__name__", "response_latency_ms_sum", "dir", "out");
        MetricBatch b = asm.finish(1000);
        assertThat(names(b)).containsExactly("response_latency_ms");
        HistogramPoints p = metric(b, "response_latency_ms").histogramPoints();
        assertThat(p.size()).isEqualTo(1);
        assertThat(p.bounds(0)).containsExactly(1, 10);
        assertThat(p.bucketCounts(0)).containsExactly(301, 99, 55);
        assertThat(p.count(0)).isEqualTo(455);
        assertThat(p.sum(0)).isEqualTo(612);
        assertThat(p.hasSum(0)).isTrue();
        assertThat(p.attributes(0)).isEqualTo(Attributes.of("dir", "out"));
    }

    private HistogramPoints latencyScrape(long ts, double le1, double le10, double inf) {
        asm.beginScrape();
        sample(le1, ts, "__name__", "response_latency_ms_bucket", "le", "1");
        sample(le10, ts, "__name__", "response_latency_ms_bucket", "le", "10");
        sample(inf, ts, "__name__", "response_latency_ms_bucket", "le", "+Inf");
        sample(inf, ts, "__name__", "response_latency_ms_count");
        lastBatch = asm.finish(ts);
        return metric(lastBatch, "response_latency_ms").histogramPoints();
    }

    private MetricBatch counterScrape(long ts, double... values) {
        asm.beginScrape();
        for (int i = 0; i < values.length; i++) {
            sample(values[i], ts, "__name__", "response_total", "k", "v" + i);
        }
        return asm.finish(ts);
    }

    @Test
    void aReleasedMetricIsRefilledByTheNextScrapeAndAnUnreleasedOneIsLeftAlone() {
        md.setType("response_total", FamilyType.COUNTER);
        MetricBatch first = counterScrape(1000, 1, 2, 3);
        Metric m1 = metric(first, "response_total");
        first.release();
        MetricBatch second = counterScrape(2000, 4, 5, 6);
        Metric m2 = metric(second, "response_total");
        assertThat(m2).as("the released metric, refilled").isSameAs(m1);
        assertThat(values(m2)).containsExactly(4.0, 5.0, 6.0);
        assertThat(m2.numberPoints().timeNanos(0)).isEqualTo(2_000_000_000L);
        assertThat(m2.numberPoints().startTimeNanos(0)).as("start time kept across reuse").isEqualTo(1_000_000_000L);

        // Not released (still queued somewhere): the next scrape builds a new one and never touches it.
        MetricBatch third = counterScrape(3000, 7, 8);
        Metric m3 = metric(third, "response_total");
        assertThat(m3).isNotSameAs(m2);
        assertThat(values(m3)).as("the third series went stale").containsExactly(7.0, 8.0, Double.NaN);
        assertThat(values(m2)).containsExactly(4.0, 5.0, 6.0);
        second.release(); // too late: the family makes do with the newer one from now on
        third.release();
        third.release(); // twice is once
        Metric m4 = metric(counterScrape(4000, 9, 10), "response_total");
        assertThat(m4).isSameAs(m3);
        assertThat(values(m4)).containsExactly(9.0, 10.0);
        assertThat(metric(counterScrape(5000, 11, 12), "response_total")).as("m4's batch is still out")
                .isNotSameAs(m3).isNotSameAs(m2);
    }

    private static List<Double> values(Metric m) {
        NumberPoints p = m.numberPoints();
        return java.util.stream.IntStream.range(0, p.size()).mapToObj(p::value).toList();
    }

    @Test
    void aReusedMetricGetsTheFamilysMetadataBackWhateverAProcessorChanged() {
        md.setType("response_total", FamilyType.COUNTER);
        md.setHelp("response_total", "Total responses");
        MetricBatch first = counterScrape(1000, 1);
        Metric m = metric(first, "response_total");
        m.setName("renamed");
        m.setDescription("changed");
        m.setUnit("By");
        m.setMonotonic(false);
        m.setTemporality(io.meshlens.model.Temporality.DELTA);
        m.numberPoints().setAttributes(0, Attributes.of("k", "retagged"));
        first.release();
        Metric again = metric(counterScrape(2000, 2), "response_total");
        assertThat(again).isSameAs(m);
        assertThat(again.description()).isEqualTo("Total responses");
        assertThat(again.unit()).isEmpty();
        assertThat(again.isMonotonic()).isTrue();
        assertThat(again.temporality()).isEqualTo(io.meshlens.model.Temporality.CUMULATIVE);
        assertThat(again.numberPoints().attributes(0)).isEqualTo(Attributes.of("k", "v0"));
    }

    @Test
    void aReusedHistogramRefillsItsOwnBucketCountArraysAndACopyKeepsItsCounts() {
        md.setType("response_latency_ms", FamilyType.HISTOGRAM);
        HistogramPoints first = latencyScrape(1000, 3, 5, 6);
        long[] counts = first.bucketCounts(0);
        assertThat(counts).containsExactly(3, 2, 1);
        MetricBatch batch = lastBatch;
        MetricBatch copy = batch.copy(); // e.g. for a second exporter
        batch.release();

        HistogramPoints second = latencyScrape(2000, 4, 7, 9);
        assertThat(second).isSameAs(first);
        assertThat(second.bucketCounts(0)).isSameAs(counts).containsExactly(4, 3, 2);
        assertThat(metric(copy, "response_latency_ms").histogramPoints().bucketCounts(0))
                .as("a copy owns its counts").containsExactly(3, 2, 1);

        // The series disappears: its stale marker refills the same array with zeros.
        lastBatch.release();
        asm.beginScrape();
        HistogramPoints stale = metric(asm.finish(3000), "response_latency_ms").histogramPoints();
        assertThat(stale).isSameAs(first);
        assertThat(stale.noRecordedValue(0)).isTrue();
        assertThat(stale.bucketCounts(0)).isSameAs(counts).containsExactly(0, 0, 0);
    }

    @Test
    void aHistogramAFilterThinnedOutRefillsEveryPointWithAnArrayOfItsOwn() {
        md.setType("response_latency_ms", FamilyType.HISTOGRAM);
        HistogramPoints p = latencyScrapeOf(1000, "a", "b", "c", "d");
        p.removeIf(i -> i == 0 || i == 2); // a filter processor drops two points in place
        assertThat(p.size()).isEqualTo(2);
        lastBatch.release();

        HistogramPoints again = latencyScrapeOf(2000, "a", "b", "c", "d");
        assertThat(again).isSameAs(p);
        assertThat(again.size()).isEqualTo(4);
        java.util.Set<long[]> arrays = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < 4; i++) {
            long base = 10L * (i + 1);
            assertThat(again.bucketCounts(i)).as("point " + i).containsExactly(base, 1, 2);
            arrays.add(again.bucketCounts(i));
        }
        assertThat(arrays).as("no two points share one array").hasSize(4);
    }

    private MetricBatch lastBatch;

    /** One point per series name: cumulative buckets 10·(i+1), +1, +2 (so per-bucket 10·(i+1), 1, 2). */
    private HistogramPoints latencyScrapeOf(long ts, String... series) {
        asm.beginScrape();
        for (int i = 0; i < series.length; i++) {
            double base = 10 * (i + 1);
            sample(base, ts, "__name__", "response_latency_ms_bucket", "s", series[i], "le", "1");
            sample(base + 1, ts, "__name__", "response_latency_ms_bucket", "s", series[i], "le", "10");
            sample(base + 3, ts, "__name__", "response_latency_ms_bucket", "s", series[i], "le", "+Inf");
            sample(base + 3, ts, "__name__", "response_latency_ms_count", "s", series[i]);
        }
        lastBatch = asm.finish(ts);
        return metric(lastBatch, "response_latency_ms").histogramPoints();
    }

    @Test
    void scrapedPointsShareOneTimeStartAndFlagsValue() {
        md.setType("c_total", FamilyType.COUNTER);
        asm.beginScrape();
        for (int i = 0; i < 5; i++) {
            sample(i, 1000, "__name__", "c_total", "k", "v" + i);
        }
        NumberPoints p = metric(asm.finish(1000), "c_total").numberPoints();
        assertThat(p.size()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(p.timeNanos(i)).isEqualTo(1_000_000_000L);
            assertThat(p.startTimeNanos(i)).isEqualTo(1_000_000_000L);
            assertThat(p.flags(i)).isZero();
            assertThat(p.value(i)).isEqualTo(i);
        }
    }

    @Test
    void histogramWithoutInfBucketOrCountIsDropped() {
        md.setType("h", FamilyType.HISTOGRAM);
        asm.beginScrape();
        sample(1, 1000, "__name__", "h_bucket", "le", "1");
        sample(1, 1000, "__name__", "h_count");
        sample(1, 1000, "__name__", "h_bucket", "a", "x", "le", "+Inf");
        assertThat(names(asm.finish(1000))).isEmpty();
    }

    @Test
    void summaryCollectsQuantiles() {
        md.setType("rpc", FamilyType.SUMMARY);
        asm.beginScrape();
        sample(0.9, 1000, "__name__", "rpc", "quantile", "0.99");
        sample(0.5, 1000, "__name__", "rpc", "quantile", "0.5");
        sample(10, 1000, "__name__", "rpc_count");
        sample(3, 1000, "__name__", "rpc_sum");
        SummaryPoints p = metric(asm.finish(1000), "rpc").summaryPoints();
        assertThat(p.quantiles(0)).containsExactly(0.5, 0.99);
        assertThat(p.quantileValues(0)).containsExactly(0.5, 0.9);
        assertThat(p.count(0)).isEqualTo(10);
    }

    @Test
    void resourceCarriesJobInstanceAndKubernetesDiscovery() {
        asm.beginScrape();
        sample(1, 1000, "__name__", "g");
        Attributes r = asm.finish(1000).resources().get(0).resource();
        assertThat(r.getString("service.name")).isEqualTo("linkerd-mesh");
        assertThat(r.getString("service.instance.id")).isEqualTo("10.42.0.21:4191");
        assertThat(r.getString("server.address")).isEqualTo("10.42.0.21");
        assertThat(r.getString("server.port")).isEqualTo("4191");
        assertThat(r.getString("url.scheme")).isEqualTo("http");
        assertThat(r.getString("k8s.pod.name")).isEqualTo("web-1");
        assertThat(r.getString("k8s.namespace.name")).isEqualTo("shop");
        assertThat(r.getString("k8s.replicaset.name")).isEqualTo("web-6d8f");
    }

    @Test
    void loopbackHostIsNotDiscernible() {
        assertThat(ResourceBuilder.discernible("127.0.3.7")).isFalse();
        assertThat(ResourceBuilder.discernible("0.0.0.0")).isFalse();
        assertThat(ResourceBuilder.discernible("localhost")).isFalse();
        assertThat(ResourceBuilder.discernible("10.42.0.1")).isTrue();
        assertThat(ResourceBuilder.discernible("web.shop.svc")).isTrue();
    }

    @Test
    void startTimeIsFirstSightingUntilReset() {
        md.setType("c_total", FamilyType.COUNTER);
        for (long[] step : new long[][] {{1000, 5}, {2000, 7}, {3000, 2}, {4000, 3}}) {
            asm.beginScrape();
            sample(step[1], step[0], "__name__", "c_total");
            NumberPoints p = metric(asm.finish(step[0]), "c_total").numberPoints();
            long expectedStartMs = step[0] <= 2000 ? 1000 : 3000;
            assertThat(p.startTimeNanos(0)).as("start at t=%d", step[0]).isEqualTo(expectedStartMs * 1_000_000L);
        }
    }

    @Test
    void vanishedSeriesGetsOneStaleMarker() {
        asm.beginScrape();
        sample(1, 1000, "__name__", "g", "k", "a");
        sample(1, 1000, "__name__", "g", "k", "b");
        asm.finish(1000);
        asm.beginScrape();
        sample(2, 2000, "__name__", "g", "k", "a");
        NumberPoints p = metric(asm.finish(2000), "g").numberPoints();
        assertThat(p.size()).isEqualTo(2);
        assertThat(p.noRecordedValue(0)).isFalse();
        assertThat(p.noRecordedValue(1)).isTrue();
        assertThat(Double.doubleToRawLongBits(p.value(1))).isEqualTo(MetricAssembler.STALE_NAN_BITS);
        asm.beginScrape();
        sample(3, 3000, "__name__", "g", "k", "a");
        assertThat(metric(asm.finish(3000), "g").numberPoints().size()).isEqualTo(1);
    }

    @Test
    void failedScrapeRollsBackAndMarksEverythingStale() {
        md.setType("h", FamilyType.HISTOGRAM);
        asm.beginScrape();
        sample(1, 1000, "__name__", "h_bucket", "le", "+Inf");
        sample(1, 1000, "__name__", "h_count");
        asm.finish(1000);
        asm.beginScrape();
        sample(2, 2000, "__name__", "h_bucket", "le", "+Inf");
        asm.rollback();
        HistogramPoints p = metric(asm.finish(2000), "h").histogramPoints();
        assertThat(p.size()).isEqualTo(1);
        assertThat((p.flags(0) & DataPoints.FLAG_NO_RECORDED_VALUE)).isNotZero();
    }

    @Test
    void targetInfoBecomesResourceAttributesNotAMetric() {
        asm.beginScrape();
        sample(1, 1000, "__name__", "target_info", "version", "2.19");
        sample(1, 1000, "__name__", "g");
        MetricBatch b = asm.finish(1000);
        assertThat(names(b)).containsExactly("g");
        assertThat(b.resources().get(0).resource().getString("version")).isEqualTo("2.19");
    }
}
