package io.meshlens.receiver.otlp;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.meshlens.component.ComponentId;
import io.meshlens.component.ConsumerException;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Kind;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.SpanBatch;
import io.meshlens.model.SpanStatus;
import io.meshlens.telemetry.Telemetry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OtlpReceiverTest {
    private final List<MetricBatch> metrics = new CopyOnWriteArrayList<>();
    private final List<SpanBatch> spans = new CopyOnWriteArrayList<>();
    private final Telemetry telemetry = new Telemetry();
    private volatile boolean refuse;
    private OtlpReceiver receiver;
    private final HttpClient http = HttpClient.newHttpClient();

    private void start() throws Exception {
        OtlpReceiverConfig cfg = new OtlpReceiverConfig(new OtlpReceiverConfig.Grpc("127.0.0.1:0", 4),
                new OtlpReceiverConfig.Http("127.0.0.1:0", "/v1/metrics", "/v1/traces"));
        receiver = new OtlpReceiver(new CreateSettings(new ComponentId("otlp", ""), Kind.RECEIVER, "", telemetry,
                Logger.getLogger("test")), cfg, b -> {
                    if (refuse) {
                        throw new ConsumerException("data refused due to high memory usage", true);
                    }
                    metrics.add(b);
                }, spans::add);
        receiver.start(null);
    }

    @AfterEach
    void stop() throws Exception {
        if (receiver != null) {
            receiver.shutdown();
        }
    }

    private static ExportMetricsServiceRequest gaugeRequest(String name, double v) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("cart"))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName(name)
                        .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                                .setTimeUnixNano(1_000_000_000L).setAsDouble(v)))))).build();
    }

    private HttpResponse<String> post(String path, String type, byte[] body, boolean gzip) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + receiver.httpPort() + path))
                .header("Content-Type", type);
        if (gzip) {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                gz.write(body);
            }
            body = bos.toByteArray();
            b.header("Content-Encoding", "gzip");
        }
        return http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void httpProtobufGzipMetricsReachThePipeline() throws Exception {
        start();
        HttpResponse<String> r = post("/v1/metrics", "application/x-protobuf",
                gaugeRequest("app_cart_items", 3).toByteArray(), true);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(metrics).hasSize(1);
        MetricBatch b = metrics.get(0);
        assertThat(b.resources().get(0).resource().getString("service.name")).isEqualTo("cart");
        assertThat(b.resources().get(0).scopes().get(0).metrics().get(0).numberPoints().value(0)).isEqualTo(3);
        assertThat(telemetry.value("otelcol_receiver_accepted_metric_points",
                io.meshlens.model.Attributes.of("receiver", "otlp", "transport", "http"))).isEqualTo(1);
    }

    @Test
    void httpJsonTracesUseHexIds() throws Exception {
        start();
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"frontend"}}]},
                 "scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
                 "name":"oteldemo.AdService/GetAds","kind":3,"startTimeUnixNano":"1","endTimeUnixNano":"2",
                 "status":{"code":2,"message":"14 UNAVAILABLE: no healthy upstream"}}]}]}]}
                """;
        HttpResponse<String> r = post("/v1/traces", "application/json", json.getBytes(), false);
        assertThat(r.statusCode()).isEqualTo(200);
        var span = spans.get(0).resources().get(0).scopes().get(0).spans().get(0);
        assertThat(span.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(span.spanId()).isEqualTo("eee19b7ec3c1b174");
        assertThat(span.status()).isEqualTo(SpanStatus.ERROR);
        assertThat(span.statusMessage()).startsWith("14 UNAVAILABLE");
    }

    @Test
    void refusedDataAnswers503SoTheSenderRetries() throws Exception {
        start();
        refuse = true;
        HttpResponse<String> r = post("/v1/metrics", "application/x-protobuf", gaugeRequest("g", 1).toByteArray(), false);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(telemetry.value("otelcol_receiver_refused_metric_points",
                io.meshlens.model.Attributes.of("receiver", "otlp", "transport", "http"))).isEqualTo(1);
    }

    @Test
    void unsupportedContentTypeIs415AndGarbageIs400() throws Exception {
        start();
        assertThat(post("/v1/metrics", "text/plain", new byte[] {1}, false).statusCode()).isEqualTo(415);
        assertThat(post("/v1/metrics", "application/x-protobuf", new byte[] {(byte) 0xff, 1, 2}, false).statusCode())
                .isEqualTo(400);
        assertThat(metrics).isEmpty();
    }

    @Test
    void grpcExportDeliversAndMapsRefusalToUnavailable() throws Exception {
        start();
        ManagedChannel ch = NettyChannelBuilder.forAddress("127.0.0.1", receiver.grpcPort()).usePlaintext().build();
        try {
            MetricsServiceGrpc.newBlockingStub(ch).export(gaugeRequest("g", 7));
            assertThat(metrics).hasSize(1);
            refuse = true;
            assertThatThrownBy(() -> MetricsServiceGrpc.newBlockingStub(ch).export(gaugeRequest("g", 8)))
                    .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("UNAVAILABLE");
        } finally {
            ch.shutdownNow();
        }
    }
}
