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
        return metric(asm.finish(ts), "response_latency_ms").histogramPoints();
    }

    @Test
    void idleHistogramHandsOnLastScrapesBucketCountsAndABusyOneNewCounts() {
        md.setType("response_latency_ms", FamilyType.HISTOGRAM);
        long[] first = latencyScrape(1000, 3, 5, 6).bucketCounts(0);
        // Idle from the second scrape on: its counts are kept, and handed on from the third.
        long[] idle = latencyScrape(2000, 3, 5, 6).bucketCounts(0);
        assertThat(idle).containsExactly(3, 2, 1);
        assertThat(latencyScrape(2500, 3, 5, 6).bucketCounts(0)).isSameAs(idle);
        assertThat(latencyScrape(2600, 3, 5, 6).bucketCounts(0)).isSameAs(idle);

        long[] busy = latencyScrape(3000, 4, 7, 9).bucketCounts(0);
        assertThat(busy).isNotSameAs(idle).containsExactly(4, 3, 2);
        assertThat(idle).as("the array an earlier batch holds is never written").containsExactly(3, 2, 1);
        assertThat(first).containsExactly(3, 2, 1);
        // Same cumulative shape shifted by one: the per-bucket counts differ, so no reuse.
        long[] shifted = latencyScrape(4000, 5, 7, 9).bucketCounts(0);
        assertThat(shifted).containsExactly(5, 2, 2);
        // A busy series's counts are not kept (they would live one interval, into the old
        // generation): the next idle scrape makes a new array, kept from then on.
        long[] settled = latencyScrape(5000, 5, 7, 9).bucketCounts(0);
        assertThat(settled).isNotSameAs(shifted).containsExactly(5, 2, 2);
        assertThat(latencyScrape(6000, 5, 7, 9).bucketCounts(0)).isSameAs(settled);
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
