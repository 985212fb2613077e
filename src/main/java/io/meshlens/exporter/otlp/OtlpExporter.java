package io.meshlens.exporter.otlp;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.Host;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.TracesConsumer;
import io.meshlens.exporter.helper.QueuedRetrySender;
import io.meshlens.exporter.helper.SendException;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.SpanBatch;
import io.meshlens.otlp.OtlpMetrics;
import io.meshlens.otlp.OtlpTraces;
import io.meshlens.telemetry.ExporterTelemetry;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * OTLP over gRPC. Retries the status codes the OTLP specification calls retryable (UNAVAILABLE,
 * DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, OUT_OF_RANGE, DATA_LOSS, CANCELLED); others drop.
 */
final class OtlpExporter implements Exporter, MetricsConsumer, TracesConsumer {
    private static final Set<Status.Code> RETRYABLE = Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED,
            Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED, Status.Code.OUT_OF_RANGE, Status.Code.DATA_LOSS,
            Status.Code.CANCELLED);

    private final OtlpExporterConfig config;
    private final QueuedRetrySender<MetricBatch> metrics;
    private final QueuedRetrySender<SpanBatch> traces;
    private ManagedChannel channel;

    OtlpExporter(CreateSettings settings, OtlpExporterConfig config) {
        this.config = config;
        ExporterTelemetry t = new ExporterTelemetry(settings.telemetry(), settings.id().toString());
        metrics = new QueuedRetrySender<>(this::sendMetrics, MetricBatch::pointCount, config.queue(), config.retry(),
                t, "metrics", settings.logger());
        traces = new QueuedRetrySender<>(this::sendTraces, SpanBatch::spanCount, config.queue(), config.retry(), t,
                "traces", settings.logger());
    }

    @Override
    public void start(Host host) {
        String target = config.endpoint().replaceFirst("^https?://", "");
        NettyChannelBuilder b = NettyChannelBuilder.forTarget(target);
        if (config.insecure() || config.endpoint().startsWith("http://")) {
            b.usePlaintext();
        }
        Metadata md = new Metadata();
        config.headers().forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        b.intercept(MetadataUtils.newAttachHeadersInterceptor(md));
        channel = b.build();
        metrics.start();
        traces.start();
    }

    @Override
    public void consumeMetrics(MetricBatch batch) {
        metrics.submit(batch);
    }

    @Override
    public void consumeTraces(SpanBatch batch) {
        traces.submit(batch);
    }

    private void sendMetrics(MetricBatch b) throws SendException {
        try {
            MetricsServiceGrpc.newBlockingStub(channel).withCompression(compressor())
                    .withDeadlineAfter(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .export(OtlpMetrics.toProto(b));
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    private void sendTraces(SpanBatch b) throws SendException {
        try {
            TraceServiceGrpc.newBlockingStub(channel).withCompression(compressor())
                    .withDeadlineAfter(config.timeout().toMillis(), TimeUnit.MILLISECONDS)
                    .export(OtlpTraces.toProto(b));
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    private String compressor() {
        return config.compression().equals("gzip") ? "gzip" : "identity";
    }

    private SendException failure(StatusRuntimeException e) {
        return new SendException("export to " + config.endpoint() + ": " + e.getStatus().getCode() + " "
                + (e.getStatus().getDescription() == null ? "" : e.getStatus().getDescription()),
                !RETRYABLE.contains(e.getStatus().getCode()));
    }

    @Override
    public void shutdown() throws InterruptedException {
        metrics.shutdown(Duration.ofSeconds(5));
        traces.shutdown(Duration.ofSeconds(5));
        if (channel != null) {
            channel.shutdown().awaitTermination(2, TimeUnit.SECONDS);
        }
    }
}
