package io.meshlens.exporter.prometheus;

import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Temporality;
import io.meshlens.textparse.Entry;
import io.meshlens.textparse.FamilyType;
import io.meshlens.textparse.LabelCursor;
import io.meshlens.textparse.Parser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static io.meshlens.exporter.prometheus.PrometheusExporterTest.RESOURCE;
import static io.meshlens.exporter.prometheus.PrometheusExporterTest.T;
import static io.meshlens.exporter.prometheus.PrometheusExporterTest.batch;
import static io.meshlens.exporter.prometheus.PrometheusExporterTest.histogram;
import static io.meshlens.exporter.prometheus.PrometheusExporterTest.summary;
import static org.assertj.core.api.Assertions.assertThat;

/** The page is valid exposition: meshlens's own scrape parser reads back every family and sample. */
class PrometheusExporterParseTest {
    private PrometheusExporter exporter;

    @AfterEach
    void stop() {
        exporter.shutdown();
    }

    /** Awkward content: escapes in label values and help, special float values, an empty help. */
    static MetricBatch awkward() {
        NumberPoints counter = new NumberPoints();
        counter.addDouble(Attributes.of("path", "/a\"b\\c\nd", "ünï.cödé", "wert"), 0, T, 1e21, 0);
        NumberPoints gauge = new NumberPoints();
        gauge.addDouble(Attributes.of("kind", "nan"), 0, T, Double.NaN, 0);
        gauge.addDouble(Attributes.of("kind", "inf"), 0, T, Double.NEGATIVE_INFINITY, 0);
        gauge.addDouble(Attributes.of("kind", "small"), 0, T, 1.25e-7, 0);
        return batch(RESOURCE,
                Metric.sum("weird.requests", "Line one\nline \"two\" \\ end", "", Temporality.CUMULATIVE, true, counter),
                Metric.gauge("odd.values", "", "", gauge), histogram(), summary());
    }

    static Map<String, Double> parse(Parser p, Map<String, FamilyType> types, Map<String, String> helps)
            throws Exception {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (Entry e = p.next(); e != Entry.EOF; e = p.next()) {
            switch (e) {
                case TYPE -> types.put(p.metricName(), p.type());
                case HELP -> helps.put(p.metricName(), p.help());
                case SERIES -> {
                    Map<String, String> labels = new TreeMap<>();
                    LabelCursor c = p.labels();
                    while (c.next()) {
                        labels.put(c.name(), c.value());
                    }
                    samples.put(p.metricName() + labels, p.value());
                }
                default -> throw new AssertionError("unexpected " + e);
            }
        }
        return samples;
    }

    private HttpResponse<byte[]> scrape(String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + exporter.address().getPort()
                + "/metrics"));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void textPageParsesBackToWhatWasPushed() throws Exception {
        exporter = PrometheusExporterFixtures.start("");
        exporter.consumeMetrics(awkward());
        Map<String, FamilyType> types = new TreeMap<>();
        Map<String, String> helps = new TreeMap<>();
        Map<String, Double> samples = parse(Parser.text(scrape(null).body()), types, helps);

        assertThat(types).containsEntry("target_info", FamilyType.GAUGE)
                .containsEntry("weird_requests_total", FamilyType.COUNTER)
                .containsEntry("odd_values", FamilyType.GAUGE)
                .containsEntry("http_duration_seconds", FamilyType.HISTOGRAM)
                .containsEntry("rpc_latency_milliseconds", FamilyType.SUMMARY).hasSize(5);
        assertThat(helps).containsEntry("weird_requests_total", "Line one\nline \"two\" \\ end")
                .containsEntry("odd_values", "");
        // 1 target_info + 1 counter + 3 gauges + 5 histogram + 4 summary samples.
        assertThat(samples).hasSize(14);
        String scope = "otel_scope_name=meshlens, otel_scope_version=1.0";
        String id = "instance=10.0.0.1:4191, job=api";
        // Non-ASCII letters, kept by the translator, are escaped to '_' so the page stays valid text 0.0.4.
        assertThat(samples.get("weird_requests_total{_n__c_d_=wert, " + id + ", " + scope + ", path=/a\"b\\c\nd}"))
                .isEqualTo(1e21);
        assertThat(samples.get("odd_values{" + id + ", kind=nan, " + scope + "}")).isNaN();
        assertThat(samples.get("odd_values{" + id + ", kind=inf, " + scope + "}")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(samples.get("odd_values{" + id + ", kind=small, " + scope + "}")).isEqualTo(1.25e-7);
        assertThat(samples.get("http_duration_seconds_bucket{" + id + ", le=1, method=GET, " + scope + "}"))
                .isEqualTo(5);
        assertThat(samples.get("rpc_latency_milliseconds{" + id + ", method=GET, " + scope + ", quantile=0.99}"))
                .isEqualTo(42.25);
        assertThat(samples.get("target_info{" + id + ", k8s_pod_name=api-1}")).isEqualTo(1);
    }

    @Test
    void openMetricsPageParsesWithTheOpenMetricsParser() throws Exception {
        exporter = PrometheusExporterFixtures.start("""
                enable_open_metrics: true
                send_timestamps: true
                """);
        exporter.consumeMetrics(awkward());
        HttpResponse<byte[]> r = scrape("application/openmetrics-text; version=1.0.0");
        String contentType = r.headers().firstValue("Content-Type").orElseThrow();
        Parser p = Parser.forContentType(contentType, r.body(), 0, r.body().length);
        assertThat(p.format()).isEqualTo(io.meshlens.textparse.Format.OPENMETRICS);
        Map<String, FamilyType> types = new TreeMap<>();
        Map<String, Double> samples = parse(p, types, new TreeMap<>());
        assertThat(types).containsEntry("weird_requests", FamilyType.COUNTER).hasSize(5);
        assertThat(samples).hasSize(14);
        assertThat(samples.keySet()).anySatisfy(k -> assertThat(k).startsWith("weird_requests_total{"));
    }
}
