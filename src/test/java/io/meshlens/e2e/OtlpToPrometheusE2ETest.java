package io.meshlens.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.meshlens.backend.BackendProcess;
import io.meshlens.backend.PrometheusProcess;
import io.meshlens.service.BuiltinComponents;
import io.meshlens.service.Service;
import io.meshlens.service.ServiceRunner;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OTLP pushed by an application (raw OTLP/HTTP protobuf and OTLP/gRPC requests, as an SDK sends
 * them) through a meshlens service built from YAML — otlp receiver, batch, prometheusremotewrite —
 * into a real Prometheus, under the names the Collector gives them; the same service's
 * {@code prometheus} exporter shows the same metrics on its scrape page.
 */
@Tag("e2e")
class OtlpToPrometheusE2ETest {
    @TempDir
    static Path tmp;
    static PrometheusProcess prom;
    static Service service;
    static int grpcPort;
    static int httpPort;
    static int scrapePort;

    @BeforeAll
    static void start() throws Exception {
        prom = new PrometheusProcess(tmp.resolve("prom"));
        prom.start();
        grpcPort = BackendProcess.freePort();
        httpPort = BackendProcess.freePort();
        scrapePort = BackendProcess.freePort();
        Path cfg = tmp.resolve("meshlens.yaml");
        Files.writeString(cfg, """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:%d
                      http:
                        endpoint: 127.0.0.1:%d
                processors:
                  batch:
                    timeout: 200ms
                exporters:
                  prometheusremotewrite:
                    endpoint: %s
                  prometheus:
                    endpoint: 127.0.0.1:%d
                service:
                  telemetry:
                    metrics:
                      level: none
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [batch]
                      exporters: [prometheusremotewrite, prometheus]
                """.formatted(grpcPort, httpPort, prom.writeUrl(), scrapePort));
        ServiceRunner.Loaded loaded = ServiceRunner.load(List.of(cfg), List.of(), Map.of(), BuiltinComponents.create());
        assertThat(loaded.errors().all()).isEmpty();
        service = new Service(loaded.config());
        service.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (service != null) {
                service.shutdown(Duration.ofSeconds(10));
            }
        } finally {
            if (prom != null) {
                prom.close();
            }
        }
    }

    static KeyValue kv(String k, String v) {
        return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setStringValue(v)).build();
    }

    /** A counter, a histogram in seconds and a gauge in bytes, as an OTel SDK would push them for {@code service}. */
    static ExportMetricsServiceRequest request(String serviceName, long nanos) {
        List<KeyValue> attrs = List.of(kv("http.route", "/pay"));
        long start = nanos - TimeUnit.MINUTES.toNanos(1);
        Metric counter = Metric.newBuilder().setName("app.payment.transactions").setUnit("{transaction}")
                .setDescription("payments").setSum(Sum.newBuilder().setIsMonotonic(true)
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(NumberDataPoint.newBuilder().addAllAttributes(attrs)
                                .setStartTimeUnixNano(start).setTimeUnixNano(nanos).setAsInt(17)))
                .build();
        Metric histogram = Metric.newBuilder().setName("http.server.request.duration").setUnit("s")
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                        .addDataPoints(HistogramDataPoint.newBuilder().addAllAttributes(attrs)
                                .setStartTimeUnixNano(start).setTimeUnixNano(nanos).setCount(6).setSum(2.5)
                                .addAllExplicitBounds(List.of(0.1, 1.0)).addAllBucketCounts(List.of(2L, 3L, 1L))))
                .build();
        Metric gauge = Metric.newBuilder().setName("process.memory.usage").setUnit("By")
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                        .setTimeUnixNano(nanos).setAsDouble(1048576)))
                .build();
        Resource resource = Resource.newBuilder().addAttributes(kv("service.namespace", "shop"))
                .addAttributes(kv("service.name", serviceName)).addAttributes(kv("service.instance.id", serviceName + "-1"))
                .addAttributes(kv("deployment.environment", "e2e")).addAttributes(kv("host.name", "node-a")).build();
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(resource).addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("app").setVersion("1.0"))
                        .addAllMetrics(List.of(counter, histogram, gauge))))
                .build();
    }

    static void pushHttp(ExportMetricsServiceRequest req) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/v1/metrics"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(req.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    static void pushGrpc(ExportMetricsServiceRequest req) throws Exception {
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            MetricsServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).export(req);
        } finally {
            ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** The single value of an instant query, waiting for the batch to be flushed and written. */
    static double value(String promql, double at) throws Exception {
        List<JsonNode> r = prom.query(promql, at);
        for (int i = 0; i < 100 && r.isEmpty(); i++) {
            Thread.sleep(100);
            r = prom.query(promql, at);
        }
        assertThat(r).as("%s; stored names: %s", promql, prom.metricNames()).hasSize(1);
        return Double.parseDouble(r.get(0).get("value").get(1).asText());
    }

    @Test
    void otlpHttpAndGrpcMetricsLandInPrometheusUnderCollectorNames() throws Exception {
        long nowMs = System.currentTimeMillis();
        pushHttp(request("checkout", nowMs * 1_000_000L));
        pushGrpc(request("payment", nowMs * 1_000_000L));
        double at = nowMs / 1000.0;

        for (String svc : List.of("checkout", "payment")) {
            String sel = "{job=\"shop/" + svc + "\",instance=\"" + svc + "-1\"";
            assertThat(value("app_payment_transactions_total" + sel + ",http_route=\"/pay\"}", at)).isEqualTo(17);
            assertThat(value("http_server_request_duration_seconds_bucket" + sel + ",le=\"0.1\"}", at)).isEqualTo(2);
            assertThat(value("http_server_request_duration_seconds_bucket" + sel + ",le=\"1\"}", at)).isEqualTo(5);
            assertThat(value("http_server_request_duration_seconds_bucket" + sel + ",le=\"+Inf\"}", at)).isEqualTo(6);
            assertThat(value("http_server_request_duration_seconds_sum" + sel + "}", at)).isEqualTo(2.5);
            assertThat(value("http_server_request_duration_seconds_count" + sel + "}", at)).isEqualTo(6);
            assertThat(value("process_memory_usage_bytes" + sel + "}", at)).isEqualTo(1048576);
            assertThat(value("target_info" + sel + ",deployment_environment=\"e2e\",host_name=\"node-a\"}", at))
                    .isEqualTo(1);
        }
        // Remote write carries no scope labels (the Collector 0.118 translator adds none), only the point's.
        assertThat(prom.series("app_payment_transactions_total{job=\"shop/payment\"}")).singleElement()
                .hasToString("{\"__name__\":\"app_payment_transactions_total\",\"http_route\":\"/pay\","
                        + "\"instance\":\"payment-1\",\"job\":\"shop/payment\"}");
        List<JsonNode> ti = prom.series("target_info{job=\"shop/payment\"}");
        assertThat(ti).hasSize(1);
        assertThat(ti.get(0).has("service_name")).as("identifying attributes become job/instance only").isFalse();
        assertThat(ti.get(0).has("service_instance_id")).isFalse();
        assertThat(prom.metricNames()).doesNotContain("app_payment_transactions", "http_server_request_duration",
                "process_memory_usage");

        // The prometheus exporter of the same service serves the same metrics under the same names.
        String page = scrape();
        for (String svc : List.of("checkout", "payment")) {
            String lbl = "instance=\"" + svc + "-1\",job=\"shop/" + svc + "\"";
            assertThat(page).containsPattern("(?m)^app_payment_transactions_total\\{http_route=\"/pay\","
                    + lbl + ",otel_scope_name=\"app\",otel_scope_version=\"1.0\"} 17$");
            assertThat(page).containsPattern("(?m)^http_server_request_duration_seconds_bucket\\{http_route=\"/pay\","
                    + lbl + ",otel_scope_name=\"app\",otel_scope_version=\"1.0\",le=\"0.1\"} 2$");
            assertThat(page).containsPattern("(?m)^http_server_request_duration_seconds_bucket\\{.*" + lbl
                    + ".*,le=\"\\+Inf\"\\} 6$");
            assertThat(page).containsPattern("(?m)^http_server_request_duration_seconds_sum\\{.*" + lbl + ".*\\} 2.5$");
            assertThat(page).containsPattern("(?m)^process_memory_usage_bytes\\{.*" + lbl + ".*\\} 1.048576e\\+06$");
            assertThat(page).containsPattern("(?m)^target_info\\{deployment_environment=\"e2e\",host_name=\"node-a\","
                    + lbl + "\\} 1$");
        }
        assertThat(page).contains("# TYPE app_payment_transactions_total counter",
                "# TYPE http_server_request_duration_seconds histogram", "# TYPE process_memory_usage_bytes gauge");
    }

    static String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + scrapePort + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }
}
