package io.meshlens.exporter.otlphttp;

import com.google.protobuf.Message;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.Host;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.TracesConsumer;
import io.meshlens.exporter.helper.QueuedRetrySender;
import io.meshlens.exporter.helper.SendException;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.SpanBatch;
import io.meshlens.otlp.OtlpJson;
import io.meshlens.otlp.OtlpMetrics;
import io.meshlens.otlp.OtlpTraces;
import io.meshlens.telemetry.ExporterTelemetry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * OTLP over HTTP: POSTs protobuf (or JSON) to {@code /v1/metrics} and {@code /v1/traces}, gzip by
 * default. 429/502/503/504 and connection errors are retried; other statuses drop the batch.
 */
final class OtlpHttpExporter implements Exporter, MetricsConsumer, TracesConsumer {
    private final OtlpHttpExporterConfig config;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final QueuedRetrySender<MetricBatch> metrics;
    private final QueuedRetrySender<SpanBatch> traces;

    OtlpHttpExporter(CreateSettings settings, OtlpHttpExporterConfig config) {
        this.config = config;
        ExporterTelemetry t = new ExporterTelemetry(settings.telemetry(), settings.id().toString());
        metrics = new QueuedRetrySender<>(b -> post(config.metricsEndpoint(), OtlpMetrics.toProto(b)),
                MetricBatch::pointCount, config.queue(), config.retry(), t, "metrics", settings.logger());
        traces = new QueuedRetrySender<>(b -> post(config.tracesEndpoint(), OtlpTraces.toProto(b)),
                SpanBatch::spanCount, config.queue(), config.retry(), t, "traces", settings.logger());
    }

    @Override
    public void start(Host host) {
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

    private void post(String url, Message m) throws SendException {
        boolean json = config.encoding().equals("json");
        byte[] body;
        try {
            body = json ? OtlpJson.print(m).getBytes(StandardCharsets.UTF_8) : m.toByteArray();
        } catch (IOException e) {
            throw new SendException("encoding: " + e.getMessage(), true);
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout())
                .header("Content-Type", json ? "application/json" : "application/x-protobuf")
                .header("User-Agent", "meshlens");
        if (config.compression().equals("gzip")) {
            body = gzip(body);
            rb.header("Content-Encoding", "gzip");
        }
        config.headers().forEach(rb::header);
        HttpResponse<String> resp;
        try {
            resp = client.send(rb.POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SendException("POST " + url + ": " + e, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SendException("interrupted", true);
        }
        int code = resp.statusCode();
        if (code / 100 == 2) {
            return;
        }
        boolean retryable = code == 429 || code == 502 || code == 503 || code == 504;
        throw new SendException("POST " + url + ": HTTP " + code, !retryable);
    }

    private static byte[] gzip(byte[] b) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(b.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
            gz.write(b);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bos.toByteArray();
    }

    @Override
    public void shutdown() throws InterruptedException {
        metrics.shutdown(Duration.ofSeconds(5));
        traces.shutdown(Duration.ofSeconds(5));
    }
}
