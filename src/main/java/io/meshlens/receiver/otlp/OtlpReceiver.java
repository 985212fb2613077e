package io.meshlens.receiver.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.meshlens.component.ConsumerException;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Host;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.Receiver;
import io.meshlens.component.TracesConsumer;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.SpanBatch;
import io.meshlens.otlp.Endpoints;
import io.meshlens.otlp.OtlpJson;
import io.meshlens.otlp.OtlpMetrics;
import io.meshlens.otlp.OtlpTraces;
import io.meshlens.telemetry.ReceiverTelemetry;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * OTLP receiver: gRPC ({@code MetricsService}/{@code TraceService}) and HTTP ({@code /v1/metrics},
 * {@code /v1/traces}; protobuf or JSON, optionally gzip). A refusal the sender may retry (e.g.
 * memory_limiter) answers gRPC UNAVAILABLE / HTTP 503; anything else INVALID_ARGUMENT / 400.
 */
final class OtlpReceiver implements Receiver {
    private final CreateSettings settings;
    private final OtlpReceiverConfig config;
    private final MetricsConsumer metrics;
    private final TracesConsumer traces;
    private Server grpc;
    private HttpServer http;
    private ReceiverTelemetry grpcTelemetry;
    private ReceiverTelemetry httpTelemetry;

    OtlpReceiver(CreateSettings settings, OtlpReceiverConfig config, MetricsConsumer metrics, TracesConsumer traces) {
        this.settings = settings;
        this.config = config;
        this.metrics = metrics;
        this.traces = traces;
    }

    /** The bound HTTP port (for tests using port 0). */
    int httpPort() {
        return http.getAddress().getPort();
    }

    int grpcPort() {
        return grpc.getPort();
    }

    @Override
    public void start(Host host) throws IOException {
        String id = settings.id().toString();
        if (config.grpc() != null) {
            grpcTelemetry = new ReceiverTelemetry(settings.telemetry(), id, "grpc");
            NettyServerBuilder b = NettyServerBuilder.forAddress(Endpoints.parse(config.grpc().endpoint()))
                    .maxInboundMessageSize(config.grpc().maxRecvMsgSizeMib() * 1024 * 1024);
            if (metrics != null) {
                b.addService(new MetricsService());
            }
            if (traces != null) {
                b.addService(new TraceService());
            }
            grpc = b.build().start();
            settings.logger().info("OTLP gRPC listening on " + config.grpc().endpoint());
        }
        if (config.http() != null) {
            httpTelemetry = new ReceiverTelemetry(settings.telemetry(), id, "http");
            http = HttpServer.create(Endpoints.parse(config.http().endpoint()), 64);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.createContext(config.http().metricsUrlPath(), ex -> handle(ex, metrics != null,
                    ExportMetricsServiceRequest.newBuilder(), ExportMetricsServiceResponse.getDefaultInstance(),
                    req -> {
                        MetricBatch b = OtlpMetrics.fromProto((ExportMetricsServiceRequest) req);
                        int n = b.pointCount();
                        deliverMetrics(b, n, httpTelemetry);
                        return null;
                    }));
            http.createContext(config.http().tracesUrlPath(), ex -> handle(ex, traces != null,
                    ExportTraceServiceRequest.newBuilder(), ExportTraceServiceResponse.getDefaultInstance(),
                    req -> {
                        SpanBatch b = OtlpTraces.fromProto((ExportTraceServiceRequest) req);
                        deliverTraces(b, b.spanCount(), httpTelemetry);
                        return null;
                    }));
            http.start();
            settings.logger().info("OTLP HTTP listening on " + config.http().endpoint());
        }
    }

    private void deliverMetrics(MetricBatch b, int n, ReceiverTelemetry t) {
        try {
            metrics.consumeMetrics(b);
            t.metricPoints(n, 0);
        } catch (RuntimeException e) {
            t.metricPoints(0, n);
            throw e;
        }
    }

    private void deliverTraces(SpanBatch b, int n, ReceiverTelemetry t) {
        try {
            traces.consumeTraces(b);
            t.spans(n, 0);
        } catch (RuntimeException e) {
            t.spans(0, n);
            throw e;
        }
    }

    private void handle(HttpExchange ex, boolean enabled, Message.Builder builder, Message okResponse,
                        Function<Message, Void> deliver) throws IOException {
        try (ex) {
            if (!enabled) {
                reply(ex, 404, "text/plain", "no pipeline for this signal".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                ex.getResponseHeaders().add("Allow", "POST");
                reply(ex, 405, "text/plain", "405 method not allowed, supported: [POST]".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String ct = ex.getRequestHeaders().getFirst("Content-Type");
            ct = ct == null ? "" : ct.toLowerCase(Locale.ROOT);
            boolean json = ct.startsWith("application/json");
            if (!json && !ct.startsWith("application/x-protobuf")) {
                reply(ex, 415, "text/plain", ("415 unsupported media type, supported: [application/json, "
                        + "application/x-protobuf]").getBytes(StandardCharsets.UTF_8));
                return;
            }
            byte[] body;
            try {
                InputStream in = ex.getRequestBody();
                if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
                    in = new GZIPInputStream(in);
                }
                body = in.readAllBytes();
                if (json) {
                    OtlpJson.merge(body, builder);
                } else {
                    builder.mergeFrom(body);
                }
            } catch (IOException e) {
                error(ex, json, 400, "failed to decode request: " + e.getMessage());
                return;
            }
            try {
                deliver.apply(builder.build());
            } catch (ConsumerException e) {
                error(ex, json, e.retryable() ? 503 : 400, e.getMessage());
                return;
            } catch (RuntimeException e) {
                error(ex, json, 500, String.valueOf(e.getMessage()));
                return;
            }
            if (json) {
                reply(ex, 200, "application/json", OtlpJson.print(okResponse).getBytes(StandardCharsets.UTF_8));
            } else {
                reply(ex, 200, "application/x-protobuf", okResponse.toByteArray());
            }
        }
    }

    private static void error(HttpExchange ex, boolean json, int code, String message) throws IOException {
        com.google.rpc.Status st = com.google.rpc.Status.newBuilder()
                .setCode(code == 503 ? 14 : code == 400 ? 3 : 13).setMessage(message).build();
        if (json) {
            reply(ex, code, "application/json", OtlpJson.print(st).getBytes(StandardCharsets.UTF_8));
        } else {
            reply(ex, code, "application/x-protobuf", st.toByteArray());
        }
    }

    private static void reply(HttpExchange ex, int code, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    private static Status grpcStatus(RuntimeException e) {
        if (e instanceof ConsumerException ce) {
            return (ce.retryable() ? Status.UNAVAILABLE : Status.INVALID_ARGUMENT).withDescription(ce.getMessage());
        }
        return Status.INTERNAL.withDescription(e.getMessage());
    }

    private final class MetricsService extends MetricsServiceGrpc.MetricsServiceImplBase {
        @Override
        public void export(ExportMetricsServiceRequest req, StreamObserver<ExportMetricsServiceResponse> obs) {
            MetricBatch b = OtlpMetrics.fromProto(req);
            try {
                deliverMetrics(b, b.pointCount(), grpcTelemetry);
            } catch (RuntimeException e) {
                obs.onError(grpcStatus(e).asRuntimeException());
                return;
            }
            obs.onNext(ExportMetricsServiceResponse.getDefaultInstance());
            obs.onCompleted();
        }
    }

    private final class TraceService extends TraceServiceGrpc.TraceServiceImplBase {
        @Override
        public void export(ExportTraceServiceRequest req, StreamObserver<ExportTraceServiceResponse> obs) {
            SpanBatch b = OtlpTraces.fromProto(req);
            try {
                deliverTraces(b, b.spanCount(), grpcTelemetry);
            } catch (RuntimeException e) {
                obs.onError(grpcStatus(e).asRuntimeException());
                return;
            }
            obs.onNext(ExportTraceServiceResponse.getDefaultInstance());
            obs.onCompleted();
        }
    }

    @Override
    public void shutdown() throws InterruptedException {
        if (http != null) {
            http.stop(1);
            http = null;
        }
        if (grpc != null) {
            grpc.shutdown();
            if (!grpc.awaitTermination(5, TimeUnit.SECONDS)) {
                grpc.shutdownNow();
            }
            grpc = null;
        }
    }
}
