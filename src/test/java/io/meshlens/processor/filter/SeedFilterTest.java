package io.meshlens.processor.filter;

import io.meshlens.config.ConfigErrors;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.MetricType;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.Temporality;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Attributes;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.FilterLinkerdScrape;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The seed (linkerd-otel-two-layers.md): its exact filter/mesh block on a proxy scrape as the
 * Prometheus receiver delivers it keeps 5 families (7 exported names) plus the 3
 * control_response_latency_ms_* names that leak through the unanchored IsMatch, and drops the
 * synthetic up/scrape_* series along with everything else.
 */
class SeedFilterTest {
    static final Set<String> KEPT = Set.of("response_total", "response_latency_ms", "tcp_open_connections",
            "tcp_read_bytes_total", "tcp_write_bytes_total", "control_response_latency_ms");

    final Telemetry telemetry = new Telemetry();
    final FilterTesting.Recorder next = new FilterTesting.Recorder();

    FilterProcessor seedFilter() {
        ConfigErrors errors = new ConfigErrors();
        FilterConfig config = FilterConfigTest.load(FilterConfigTest.resource("config.yaml"), "filter/mesh", errors);
        assertThat(errors.all()).isEmpty();
        return (FilterProcessor) new FilterProcessorFactory().createMetrics(FilterTesting.settings(telemetry), config,
                next);
    }

    /** Names as prometheusremotewrite writes them: a histogram becomes _bucket, _count and _sum. */
    static Set<String> exportedNames(MetricBatch b) {
        Set<String> out = new TreeSet<>();
        for (ResourceMetrics rm : b.resources()) {
            for (ScopeMetrics sm : rm.scopes()) {
                for (Metric m : sm.metrics()) {
                    if (m.type() == MetricType.HISTOGRAM) {
                        out.addAll(List.of(m.name() + "_bucket", m.name() + "_count", m.name() + "_sum"));
                    } else {
                        out.add(m.name());
                    }
                }
            }
        }
        return out;
    }

    @Test
    void seedConditionKeepsTheFiveFamiliesPlusTheControlPlaneLeak() {
        MetricBatch scrape = FilterLinkerdScrape.batch(30, 7);
        assertThat(FilterLinkerdScrape.allNames()).hasSizeGreaterThan(140).doesNotHaveDuplicates();
        int in = scrape.pointCount();

        seedFilter().consumeMetrics(scrape);

        MetricBatch out = next.last();
        assertThat(out.resources()).hasSize(30);
        for (ResourceMetrics rm : out.resources()) {
            assertThat(FilterTesting.names(new MetricBatch(new ArrayList<>(List.of(rm)))))
                    .containsExactlyInAnyOrderElementsOf(KEPT);
        }
        List<String> names = FilterTesting.names(out);
        assertThat(names).doesNotContainAnyElementsOf(FilterLinkerdScrape.SYNTHETIC);
        assertThat(names).doesNotContain("tcp_open_total", "tcp_close_total", "request_total", "control_response_total",
                "process_cpu_seconds_total", "inbound_http_request_duration_seconds");

        Set<String> exported = exportedNames(out);
        assertThat(exported).containsExactlyInAnyOrder(
                "response_total", "response_latency_ms_bucket", "response_latency_ms_count", "response_latency_ms_sum",
                "tcp_open_connections", "tcp_read_bytes_total", "tcp_write_bytes_total",
                "control_response_latency_ms_bucket", "control_response_latency_ms_count",
                "control_response_latency_ms_sum");
        assertThat(exported).filteredOn(n -> !n.startsWith("control_")).hasSize(7);

        // Every point of a kept family survives: the filter works on names, not on label cardinality.
        assertThat(out.pointCount()).isEqualTo(30 * KEPT.size() * 7);
        assertThat(telemetry.sum("otelcol_processor_filter_datapoints_filtered", Attributes.EMPTY))
                .isEqualTo(in - out.pointCount());
    }

    @Test
    void verdictsAreComputedOnceAndReusedOnTheNextScrape() {
        FilterProcessor p = seedFilter();
        p.consumeMetrics(FilterLinkerdScrape.batch(3, 2));
        int memo = p.memoizedVerdicts();
        // The condition reads only the name: one verdict per family, whatever the number of targets.
        assertThat(memo).isEqualTo(FilterLinkerdScrape.allNames().size());
        p.consumeMetrics(FilterLinkerdScrape.batch(3, 2));
        assertThat(p.memoizedVerdicts()).isEqualTo(memo);
        assertThat(exportedNames(next.last())).hasSize(10);
    }

    @Test
    void withServiceProfilesTheRouteHistogramLeaksToo() {
        MetricBatch scrape = FilterLinkerdScrape.batch(1, 1);
        HistogramPoints h = new HistogramPoints();
        h.add(Attributes.EMPTY, 0, 1, 1, 1, FilterLinkerdScrape.LATENCY_BOUNDS, new long[26], HistogramPoints.FLAG_HAS_SUM);
        List<Metric> metrics = scrape.resources().get(0).scopes().get(0).metrics();
        metrics.add(Metric.histogram("route_response_latency_ms", "", "", Temporality.CUMULATIVE, h));
        metrics.add(Metric.sum("route_response_total", "", "", Temporality.CUMULATIVE, true, new NumberPoints()));
        metrics.get(metrics.size() - 1).numberPoints().addDouble(Attributes.EMPTY, 0, 1, 1, 0);

        seedFilter().consumeMetrics(scrape);

        assertThat(exportedNames(next.last())).hasSize(13).contains("route_response_latency_ms_bucket")
                .doesNotContain("route_response_total");
    }
}
