package io.meshlens.exporter.prometheus;

import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.SummaryPoints;
import io.meshlens.model.Temporality;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static io.meshlens.exporter.prometheus.PrometheusExporterFixtures.get;
import static io.meshlens.exporter.prometheus.PrometheusExporterFixtures.scrape;
import static org.assertj.core.api.Assertions.assertThat;

/** The exporter over real HTTP: what a scraper of {@code /metrics} sees after pushes. */
class PrometheusExporterTest {
    static final Attributes RESOURCE = Attributes.of("service.name", "api", "service.instance.id", "10.0.0.1:4191",
            "k8s.pod.name", "api-1");
    static final Scope SCOPE = new Scope("meshlens", "1.0", Attributes.EMPTY);
    static final String SERIES = "instance=\"10.0.0.1:4191\",job=\"api\",method=\"GET\","
            + "otel_scope_name=\"meshlens\",otel_scope_version=\"1.0\"";
    static final long T = 1_700_000_000_000L * 1_000_000L;

    private final List<PrometheusExporter> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(PrometheusExporter::shutdown);
    }

    private PrometheusExporter start(String yaml) throws Exception {
        PrometheusExporter e = PrometheusExporterFixtures.start(yaml);
        started.add(e);
        return e;
    }

    static MetricBatch batch(Attributes resource, Metric... metrics) {
        MetricBatch b = new MetricBatch();
        ScopeMetrics sm = b.addResource(resource).addScope(SCOPE);
        sm.metrics().addAll(List.of(metrics));
        return b;
    }

    static Metric counter(String name, String unit, Temporality t, long startNanos, long nanos, double v) {
        NumberPoints p = new NumberPoints();
        p.addDouble(Attributes.of("method", "GET"), startNanos, nanos, v, 0);
        return Metric.sum(name, "Requests served", unit, t, true, p);
    }

    static Metric gauge(String name, String unit, double v) {
        NumberPoints p = new NumberPoints();
        p.addDouble(Attributes.of("method", "GET"), 0, T, v, 0);
        return Metric.gauge(name, "In use", unit, p);
    }

    static Metric histogram() {
        HistogramPoints p = new HistogramPoints();
        p.add(Attributes.of("method", "GET"), T - 10_000_000_000L, T, 6, 2.5, new double[] {0.1, 1},
                new long[] {2, 3, 1}, HistogramPoints.FLAG_HAS_SUM);
        return Metric.histogram("http.duration", "Latency", "s", Temporality.CUMULATIVE, p);
    }

    static Metric summary() {
        SummaryPoints p = new SummaryPoints();
        p.add(Attributes.of("method", "GET"), 0, T, 10, 120.5, new double[] {0.5, 0.99}, new double[] {8, 42.25}, 0);
        return Metric.summary("rpc.latency", "RPC latency", "ms", p);
    }

    @Test
    void rendersCounterGaugeHistogramAndSummaryAsTheCollectorDoes() throws Exception {
        PrometheusExporter e = start("");
        e.consumeMetrics(batch(RESOURCE, counter("http.requests", "{request}", Temporality.CUMULATIVE, 0, T, 7),
                gauge("memory.usage", "By", 1.5e6), histogram(), summary()));
        HttpResponse<String> r = get(e, null);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(r.body()).isEqualTo("""
                # HELP target_info Target metadata
                # TYPE target_info gauge
                target_info{instance="10.0.0.1:4191",job="api",k8s_pod_name="api-1"} 1
                # HELP http_duration_seconds Latency
                # TYPE http_duration_seconds histogram
                http_duration_seconds_bucket{S,le="0.1"} 2
                http_duration_seconds_bucket{S,le="1"} 5
                http_duration_seconds_bucket{S,le="+Inf"} 6
                http_duration_seconds_sum{S} 2.5
                http_duration_seconds_count{S} 6
                # HELP http_requests_total Requests served
                # TYPE http_requests_total counter
                http_requests_total{S} 7
                # HELP memory_usage_bytes In use
                # TYPE memory_usage_bytes gauge
                memory_usage_bytes{S} 1.5e+06
                # HELP rpc_latency_milliseconds RPC latency
                # TYPE rpc_latency_milliseconds summary
                rpc_latency_milliseconds{S,quantile="0.5"} 8
                rpc_latency_milliseconds{S,quantile="0.99"} 42.25
                rpc_latency_milliseconds_sum{S} 120.5
                rpc_latency_milliseconds_count{S} 10
                """.replace("S", SERIES));
    }

    @Test
    void keepsTheLatestValueAndIgnoresOlderPoints() throws Exception {
        PrometheusExporter e = start("");
        e.consumeMetrics(batch(RESOURCE, gauge("queue", "", 3)));
        NumberPoints older = new NumberPoints();
        older.addDouble(Attributes.of("method", "GET"), 0, T - 1, 99, 0);
        e.consumeMetrics(batch(RESOURCE, Metric.gauge("queue", "In use", "", older)));
        assertThat(scrape(e)).contains("queue{" + SERIES + "} 3\n").doesNotContain(" 99");
        NumberPoints newer = new NumberPoints();
        newer.addDouble(Attributes.of("method", "GET"), 0, T + 1, 4, 0);
        e.consumeMetrics(batch(RESOURCE, Metric.gauge("queue", "In use", "", newer)));
        assertThat(scrape(e)).contains("queue{" + SERIES + "} 4\n");
    }

    @Test
    void withoutSuffixesNamesKeepOnlySanitizing() throws Exception {
        PrometheusExporter e = start("add_metric_suffixes: false");
        e.consumeMetrics(batch(RESOURCE, counter("http.requests", "{request}", Temporality.CUMULATIVE, 0, T, 7),
                gauge("memory.usage", "By", 2), histogram()));
        assertThat(scrape(e))
                .contains("# TYPE http_requests counter\nhttp_requests{" + SERIES + "} 7\n")
                .contains("# TYPE memory_usage gauge\n")
                .contains("http_duration_bucket{" + SERIES + ",le=\"+Inf\"} 6\n")
                .doesNotContain("_total", "_bytes", "_seconds");
    }

    @Test
    void namespacePrefixesEveryNameAndConstLabelsGoOnEverySeriesButTargetInfo() throws Exception {
        PrometheusExporter e = start("""
                namespace: mesh
                const_labels:
                  cluster: eu-1
                  region.name: west
                """);
        e.consumeMetrics(batch(RESOURCE, counter("http.requests", "", Temporality.CUMULATIVE, 0, T, 7)));
        assertThat(scrape(e))
                .contains("mesh_target_info{instance=\"10.0.0.1:4191\",job=\"api\",k8s_pod_name=\"api-1\"} 1\n")
                .contains("mesh_http_requests_total{cluster=\"eu-1\"," + SERIES + ",region_name=\"west\"} 7\n");
    }

    @Test
    void seriesNotUpdatedWithinMetricExpirationDisappear() throws Exception {
        PrometheusExporter e = start("metric_expiration: 300ms");
        e.consumeMetrics(batch(RESOURCE, gauge("old", "", 1)));
        assertThat(scrape(e)).contains("old{");
        Thread.sleep(200);
        e.consumeMetrics(batch(RESOURCE, gauge("fresh", "", 2)));
        Thread.sleep(200);
        String page = scrape(e);
        assertThat(page).contains("fresh{").doesNotContain("old");
        Thread.sleep(350);
        // With every series gone, target_info goes too: the page is empty.
        assertThat(scrape(e)).isEmpty();
    }

    @Test
    void targetInfoIsOnePerResourceWithJobFromNamespaceAndName() throws Exception {
        PrometheusExporter e = start("");
        Attributes other = Attributes.of("service.namespace", "shop", "service.name", "cart",
                "service.instance.id", "10.0.0.2:4191", "host.name", "node-7");
        Attributes anonymous = Attributes.of("host.name", "node-9");
        e.consumeMetrics(batch(RESOURCE, gauge("a", "", 1), gauge("b", "", 2)));
        e.consumeMetrics(batch(other, gauge("a", "", 3)));
        e.consumeMetrics(batch(anonymous, gauge("a", "", 4)));
        String page = scrape(e);
        assertThat(page).startsWith("""
                # HELP target_info Target metadata
                # TYPE target_info gauge
                target_info{host_name="node-7",instance="10.0.0.2:4191",job="shop/cart"} 1
                target_info{instance="10.0.0.1:4191",job="api",k8s_pod_name="api-1"} 1
                # HELP a In use
                """);
        assertThat(page).contains("a{instance=\"10.0.0.2:4191\",job=\"shop/cart\",method=\"GET\"")
                // A resource without service.name or service.instance.id gets no target_info, no job/instance.
                .contains("a{method=\"GET\",otel_scope_name=\"meshlens\",otel_scope_version=\"1.0\"} 4\n");
        assertThat(page.lines().filter(l -> l.startsWith("target_info")).count()).isEqualTo(2);
    }

    @Test
    void resourceToTelemetryConversionPutsResourceAttributesOnEverySeries() throws Exception {
        PrometheusExporter e = start("""
                resource_to_telemetry_conversion:
                  enabled: true
                """);
        e.consumeMetrics(batch(RESOURCE, gauge("a", "", 1)));
        assertThat(scrape(e)).contains("a{instance=\"10.0.0.1:4191\",job=\"api\",k8s_pod_name=\"api-1\",method=\"GET\","
                + "otel_scope_name=\"meshlens\",otel_scope_version=\"1.0\",service_instance_id=\"10.0.0.1:4191\","
                + "service_name=\"api\"} 1\n");
    }

    @Test
    void deltaCountersAreAccumulatedWhileContiguousAndRestartOtherwise() throws Exception {
        PrometheusExporter e = start("");
        long s = 1_000_000_000L;
        e.consumeMetrics(batch(RESOURCE, counter("hits", "", Temporality.DELTA, 0, s, 5)));
        e.consumeMetrics(batch(RESOURCE, counter("hits", "", Temporality.DELTA, s, 2 * s, 3)));
        assertThat(scrape(e)).contains("hits_total{" + SERIES + "} 8\n");
        // A gap (start ≠ last time) restarts the count, as the Collector does.
        e.consumeMetrics(batch(RESOURCE, counter("hits", "", Temporality.DELTA, 5 * s, 6 * s, 2)));
        assertThat(scrape(e)).contains("hits_total{" + SERIES + "} 2\n");
    }

    @Test
    void unexportableMetricsAreDroppedAndCounted() throws Exception {
        PrometheusExporter e = start("");
        NumberPoints p = new NumberPoints();
        p.addDouble(Attributes.EMPTY, 0, T, 1, 0);
        e.consumeMetrics(batch(RESOURCE, Metric.sum("updown", "", "", Temporality.DELTA, false, p)));
        assertThat(scrape(e)).doesNotContain("updown");
        assertThat(e.droppedPoints()).isEqualTo(1);
    }

    @Test
    void aNoRecordedValuePointRemovesItsSeries() throws Exception {
        PrometheusExporter e = start("");
        e.consumeMetrics(batch(RESOURCE, gauge("up", "", 1)));
        NumberPoints p = new NumberPoints();
        p.addDouble(Attributes.of("method", "GET"), 0, T + 1, 0, DataPoints.FLAG_NO_RECORDED_VALUE);
        e.consumeMetrics(batch(RESOURCE, Metric.gauge("up", "", "", p)));
        assertThat(scrape(e)).doesNotContain("up{");
    }

    @Test
    void timestampsAreSentOnlyWhenAsked() throws Exception {
        PrometheusExporter off = start("");
        PrometheusExporter on = start("send_timestamps: true");
        off.consumeMetrics(batch(RESOURCE, gauge("a", "", 1)));
        on.consumeMetrics(batch(RESOURCE, gauge("a", "", 1)));
        assertThat(scrape(off)).contains("a{" + SERIES + "} 1\n");
        assertThat(scrape(on)).contains("a{" + SERIES + "} 1 1700000000000\n");
    }

    @Test
    void openMetricsIsServedOnlyWhenEnabledAndAskedFor() throws Exception {
        String om = "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5";
        PrometheusExporter disabled = start("");
        PrometheusExporter enabled = start("""
                enable_open_metrics: true
                send_timestamps: true
                """);
        MetricBatch b = batch(RESOURCE, counter("http.requests", "", Temporality.CUMULATIVE, 0, T, 7), histogram());
        disabled.consumeMetrics(b.copy());
        enabled.consumeMetrics(b);
        assertThat(get(disabled, om).headers().firstValue("Content-Type")).hasValue(Exposition.TEXT);
        assertThat(get(enabled, "text/plain").headers().firstValue("Content-Type")).hasValue(Exposition.TEXT);
        HttpResponse<String> r = get(enabled, om);
        assertThat(r.headers().firstValue("Content-Type")).hasValue(Exposition.OPENMETRICS);
        assertThat(r.body())
                .contains("# TYPE http_requests counter\nhttp_requests_total{" + SERIES + "} 7 1700000000.000\n")
                .contains("http_duration_seconds_bucket{" + SERIES + ",le=\"1.0\"} 5 1700000000.000\n")
                .endsWith("# EOF\n");
    }

    @Test
    void onlyGetAndHeadAreAnswered() throws Exception {
        PrometheusExporter e = start("");
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(PrometheusExporterFixtures.url(e)).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.discarding());
        assertThat(r.statusCode()).isEqualTo(405);
    }
}
