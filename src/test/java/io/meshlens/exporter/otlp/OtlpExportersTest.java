package io.meshlens.exporter.otlp;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.Kind;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.Receiver;
import io.meshlens.component.ReceiverFactory;
import io.meshlens.component.TracesConsumer;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.exporter.otlphttp.OtlpHttpExporterFactory;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.model.SpanStatus;
import io.meshlens.receiver.otlp.OtlpReceiverFactory;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/** OTLP exporters against the real OTLP receiver over loopback: the round trip keeps every field we use. */
class OtlpExportersTest {
    private final Telemetry telemetry = new Telemetry();

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static ConfigReader yaml(String text) throws Exception {
        Path f = Files.createTempFile("cfg", ".yaml");
        f.toFile().deleteOnExit(); // no test file left in /tmp
        Files.writeString(f, text);
        ConfigNode root = ConfigLoader.load(List.of(f), List.of(), Map.of()).root();
        return new ConfigReader(root, "test", new ConfigErrors());
    }

    private CreateSettings settings(Kind kind, String type) {
        return new CreateSettings(new ComponentId(type, ""), kind, "", telemetry, Logger.getLogger(type));
    }

    private static MetricBatch batch() {
        MetricBatch b = new MetricBatch();
        NumberPoints p = new NumberPoints();
        p.addInt(Attributes.of("tx", "ok"), 1, 2_000_000_000L, 42, 0);
        b.addResource(Attributes.of("service.name", "payment")).addScope(new Scope("app", "1", Attributes.EMPTY))
                .metrics().add(Metric.sum("app_payment_transactions_total", "", "1",
                        io.meshlens.model.Temporality.CUMULATIVE, true, p));
        return b;
    }

    private static SpanBatch spans() {
        SpanBatch b = new SpanBatch();
        b.addResource(Attributes.of("service.name", "frontend")).addScope(Scope.EMPTY).spans()
                .add(new Span("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174", "", "oteldemo.AdService/GetAds",
                        Span.Kind.CLIENT, 1, 2, Attributes.of("rpc.grpc.status_code", 14L), SpanStatus.ERROR,
                        "14 UNAVAILABLE", List.of()));
        return b;
    }

    private void roundTrip(Exporter exp, int grpcPort, int httpPort) throws Exception {
        List<MetricBatch> got = new CopyOnWriteArrayList<>();
        List<SpanBatch> gotSpans = new CopyOnWriteArrayList<>();
        OtlpReceiverFactory rf = new OtlpReceiverFactory();
        Receiver rcv = rf.create(settings(Kind.RECEIVER, "otlp"), rf.parseConfig(yaml("""
                protocols:
                  grpc:
                    endpoint: 127.0.0.1:%d
                  http:
                    endpoint: 127.0.0.1:%d
                """.formatted(grpcPort, httpPort))),
                new ReceiverFactory.Consumers((MetricsConsumer) got::add, (TracesConsumer) gotSpans::add));
        exp.start(null);
        // Send before the receiver listens: the exporter must retry until it is up.
        ((MetricsConsumer) exp).consumeMetrics(batch());
        Thread.sleep(300);
        rcv.start(null);
        try {
            ((TracesConsumer) exp).consumeTraces(spans());
            long deadline = System.currentTimeMillis() + 20_000;
            while ((got.isEmpty() || gotSpans.isEmpty()) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            Metric m = got.get(0).resources().get(0).scopes().get(0).metrics().get(0);
            assertThat(m.name()).isEqualTo("app_payment_transactions_total");
            assertThat(m.isMonotonic()).isTrue();
            assertThat(m.numberPoints().isInt(0)).isTrue();
            assertThat(m.numberPoints().intValue(0)).isEqualTo(42);
            Span s = gotSpans.get(0).resources().get(0).scopes().get(0).spans().get(0);
            assertThat(s.traceId()).isEqualTo("5b8efff798038103d269b633813fc60c");
            assertThat(s.status()).isEqualTo(SpanStatus.ERROR);
            assertThat(s.attributes().get("rpc.grpc.status_code")).isEqualTo(14L);
        } finally {
            exp.shutdown();
            rcv.shutdown();
        }
    }

    @Test
    void grpcExporterRetriesUntilReceiverIsUpAndKeepsFields() throws Exception {
        int grpc = freePort();
        OtlpExporterFactory f = new OtlpExporterFactory();
        Exporter exp = f.create(settings(Kind.EXPORTER, "otlp"), f.parseConfig(yaml("""
                endpoint: 127.0.0.1:%d
                tls:
                  insecure: true
                retry_on_failure:
                  initial_interval: 100ms
                  max_interval: 200ms
                """.formatted(grpc))));
        roundTrip(exp, grpc, freePort());
        assertThat(telemetry.value("otelcol_exporter_sent_metric_points", Attributes.of("exporter", "otlp")))
                .isEqualTo(1);
    }

    @Test
    void httpExporterRetriesUntilReceiverIsUpAndKeepsFields() throws Exception {
        int http = freePort();
        OtlpHttpExporterFactory f = new OtlpHttpExporterFactory();
        Exporter exp = f.create(settings(Kind.EXPORTER, "otlphttp"), f.parseConfig(yaml("""
                endpoint: http://127.0.0.1:%d
                retry_on_failure:
                  initial_interval: 100ms
                  max_interval: 200ms
                """.formatted(http))));
        roundTrip(exp, freePort(), http);
        assertThat(telemetry.value("otelcol_exporter_sent_spans", Attributes.of("exporter", "otlphttp")))
                .isEqualTo(1);
    }
}
