package io.meshlens.exporter.prometheusremotewrite;

import io.meshlens.component.ConsumerException;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.Temporality;
import io.meshlens.remotewrite.proto.WriteRequest;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.RemoteWriteRecordingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.meshlens.exporter.prometheusremotewrite.ExporterFixtures.config;
import static io.meshlens.exporter.prometheusremotewrite.ExporterFixtures.metric;
import static io.meshlens.exporter.prometheusremotewrite.ExporterFixtures.numbered;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrometheusRemoteWriteDeliveryTest {
    static final String SENT = "otelcol_exporter_sent_metric_points";
    static final String FAILED = "otelcol_exporter_send_failed_metric_points";
    static final String ENQUEUE_FAILED = "otelcol_exporter_enqueue_failed_metric_points";

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20s");
            }
            Thread.sleep(20);
        }
    }

    static double value(WriteRequest r) {
        return r.getTimeseries(0).getSamples(0).getValue();
    }

    record Case(String name, List<Integer> statuses, int expectedAttempts, boolean delivered) {
    }

    @Test
    void retriesFiveHundredsAnd429ButDropsOtherClientErrors() throws Exception {
        List<Case> cases = List.of(
                new Case("500, 503 then 200 is sent on the third attempt", List.of(500, 503), 3, true),
                new Case("429 then 200 is retried", List.of(429), 2, true),
                new Case("400 is dropped without retry", List.of(400), 1, false),
                new Case("404 is dropped without retry", List.of(404), 1, false));
        for (Case c : cases) {
            try (RemoteWriteRecordingServer server = new RemoteWriteRecordingServer()) {
                server.script(c.statuses.toArray(Integer[]::new));
                Telemetry t = new Telemetry();
                var e = ExporterFixtures.start(config("endpoint: " + server.url()), t);
                e.consumeMetrics(numbered("m", 1, 1000));
                await(() -> metric(t, SENT) + metric(t, FAILED) > 0);
                e.shutdown();
                assertThat(server.attempts()).as(c.name).isEqualTo(c.expectedAttempts);
                assertThat(metric(t, SENT)).as(c.name).isEqualTo(c.delivered ? 1 : 0);
                assertThat(metric(t, FAILED)).as(c.name).isEqualTo(c.delivered ? 0 : 1);
            }
        }
    }

    @Test
    void sendsTheRemoteWriteHeadersAndConfiguredHeaders() throws Exception {
        try (RemoteWriteRecordingServer server = new RemoteWriteRecordingServer()) {
            Telemetry t = new Telemetry();
            var e = ExporterFixtures.start(config("""
                    endpoint: %s
                    headers:
                      Authorization: Bearer abc
                      X-Scope-OrgID: tenant-1
                    """.formatted(server.url())), t);
            e.consumeMetrics(numbered("m", 5, 1000));
            await(() -> metric(t, SENT) == 1);
            e.shutdown();
            var r = server.received().get(0);
            assertThat(r.headers().get("Content-encoding")).containsExactly("snappy");
            assertThat(r.headers().get("Content-type")).containsExactly("application/x-protobuf");
            assertThat(r.headers().get("X-prometheus-remote-write-version")).containsExactly("0.1.0");
            assertThat(r.headers().get("User-agent").get(0)).startsWith("meshlens/");
            assertThat(r.headers().get("Authorization")).containsExactly("Bearer abc");
            assertThat(r.headers().get("X-scope-orgid")).containsExactly("tenant-1");
            assertThat(value(r.body())).isEqualTo(5);
        }
    }

    @Test
    void retryGivesUpAfterMaxElapsedTime() throws Exception {
        try (RemoteWriteRecordingServer server = new RemoteWriteRecordingServer().answerAlways(503)) {
            Telemetry t = new Telemetry();
            var e = ExporterFixtures.start(config("""
                    endpoint: %s
                    retry_on_failure:
                      initial_interval: 10ms
                      max_interval: 20ms
                      max_elapsed_time: 300ms
                    """.formatted(server.url())), t);
            e.consumeMetrics(numbered("m", 1, 1000));
            await(() -> metric(t, FAILED) == 1);
            e.shutdown();
            assertThat(server.attempts()).isGreaterThan(3);
            assertThat(metric(t, SENT)).isZero();
        }
    }

    @Test
    void aFullQueueRefusesPushesAndCountsThemInsteadOfGrowing() throws Exception {
        try (RemoteWriteRecordingServer server = new RemoteWriteRecordingServer().answerAlways(503)) {
            Telemetry t = new Telemetry();
            var e = ExporterFixtures.start(config("""
                    endpoint: %s
                    remote_write_queue:
                      queue_size: 2
                    retry_on_failure:
                      max_elapsed_time: 0
                    """.formatted(server.url())), t);
            e.consumeMetrics(numbered("m", 1, 1000));
            await(() -> server.attempts() > 0); // the dispatcher holds push 1, retrying
            e.consumeMetrics(numbered("m", 2, 2000));
            e.consumeMetrics(numbered("m", 3, 3000));
            assertThatThrownBy(() -> e.consumeMetrics(numbered("m", 4, 4000)))
                    .isInstanceOf(ConsumerException.class).hasMessageContaining("queue is full");
            assertThat(metric(t, ENQUEUE_FAILED)).isEqualTo(1);
            assertThat(t.value("otelcol_exporter_queue_size",
                    io.meshlens.model.Attributes.of("exporter", "prometheusremotewrite", "data_type", "metrics")))
                    .isEqualTo(2);
            server.answerAlways(200);
            await(() -> metric(t, SENT) == 3);
            e.shutdown();
            assertThat(server.accepted()).extracting(PrometheusRemoteWriteDeliveryTest::value)
                    .containsExactly(1.0, 2.0, 3.0);
        }
    }

    @Test
    void synchronousModeReturnsFailuresToThePipeline() throws Exception {
        try (RemoteWriteRecordingServer server = new RemoteWriteRecordingServer().script(400)) {
            Telemetry t = new Telemetry();
            var e = ExporterFixtures.start(config("""
                    endpoint: %s
                    remote_write_queue:
                      enabled: false
                    """.formatted(server.url())), t);
            assertThatThrownBy(() -> e.consumeMetrics(numbered("m", 1, 1000)))
                    .isInstanceOf(ConsumerException.class)
                    .satisfies(x -> assertThat(((ConsumerException) x).retryable()).isFalse());
            e.consumeMetrics(numbered("m", 2, 2000));
            e.shutdown();
            assertThat(metric(t, SENT)).isEqualTo(1);
            assertThat(metric(t, FAILED)).isEqualTo(1);
        }
    }

    @Test
    void shutdownFlushesWhatIsQueued() throws Exception {
        try (RemoteWriteRecordingServer server = new RemoteWriteRecordingServer().script(503, 503, 503)) {
            Telemetry t = new Telemetry();
            var e = ExporterFixtures.start(config("endpoint: " + server.url()), t);
            for (int i = 1; i <= 20; i++) {
                e.consumeMetrics(numbered("m", i, i * 1000L));
            }
            e.shutdown();
            assertThat(server.accepted()).hasSize(20);
            assertThat(metric(t, SENT)).isEqualTo(20);
        }
    }

    @Test
    void metricsGoBackOnceEncodedAndRequestArraysOnceSentSoReusingThemChangesNothingSent() throws Exception {
        try (RemoteWriteRecordingServer server = new RemoteWriteRecordingServer().script(503)) {
            Telemetry t = new Telemetry();
            var e = ExporterFixtures.start(config("endpoint: " + server.url()), t);
            for (int i = 1; i <= 3; i++) {
                MetricBatch b = numbered("m", i, i * 1000L);
                Metric m = b.resources().getFirst().scopes().getFirst().metrics().getFirst();
                m.markReusable();
                e.consumeMetrics(b);
                assertThat(m.released()).as("released when consumeMetrics returns").isTrue();
                // As the scrape receiver's next scrape would: refill the metric at once.
                m.reuse("refilled", "", "", Temporality.UNSPECIFIED, false);
                m.numberPoints().addDouble(Attributes.EMPTY, 0, 1, -1, 0);
            }
            e.shutdown(); // the first request is retried from the queue after the 503, long after the refill
            assertThat(server.accepted()).extracting(PrometheusRemoteWriteDeliveryTest::value)
                    .containsExactlyInAnyOrder(1.0, 2.0, 3.0);
            assertThat(server.accepted()).allSatisfy(r ->
                    assertThat(r.getTimeseries(0).getLabelsList()).anySatisfy(l -> assertThat(l.getValue()).isEqualTo("m")));
        }
    }

    @Test
    void withAWalAnOutageLosesNothingAndUnsentDataSurvivesARestart(@TempDir Path dir) throws Exception {
        String cfg = """
                endpoint: %s
                retry_on_failure:
                  initial_interval: 10ms
                  max_interval: 50ms
                  max_elapsed_time: 100ms
                wal:
                  directory: %s
                  buffer_size: 3
                  truncate_frequency: 50ms
                """;
        try (RemoteWriteRecordingServer down = new RemoteWriteRecordingServer().answerAlways(503)) {
            Telemetry t = new Telemetry();
            var e = ExporterFixtures.start(config(cfg.formatted(down.url(), dir)), t);
            for (int i = 1; i <= 10; i++) {
                e.consumeMetrics(numbered("m", i, i * 1000L));
            }
            // Far past max_elapsed_time: with a WAL the exporter keeps retrying instead of dropping.
            Thread.sleep(500);
            assertThat(metric(t, FAILED)).isZero();
            e.shutdown();
        }
        try (RemoteWriteRecordingServer up = new RemoteWriteRecordingServer()) {
            Telemetry t = new Telemetry();
            var e = ExporterFixtures.start(config(cfg.formatted(up.url(), dir)), t);
            e.consumeMetrics(numbered("m", 11, 11_000));
            await(() -> up.accepted().size() == 11);
            Thread.sleep(200); // a truncation round
            e.shutdown();
            assertThat(up.accepted()).extracting(PrometheusRemoteWriteDeliveryTest::value)
                    .containsExactly(1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0);
            assertThat(metric(t, SENT)).isEqualTo(11);
            // Delivered segments are deleted; only the active one remains.
            try (var files = java.nio.file.Files.list(dir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".seg"))).hasSizeLessThanOrEqualTo(2);
            }
        }
    }

    @Test
    void translationFailuresAreCounted() throws Exception {
        try (RemoteWriteRecordingServer server = new RemoteWriteRecordingServer()) {
            Telemetry t = new Telemetry();
            var e = ExporterFixtures.start(config("endpoint: " + server.url()), t);
            var b = numbered("m", 1, 1000);
            var p = new io.meshlens.model.NumberPoints();
            p.addDouble(io.meshlens.model.Attributes.EMPTY, 0, 1_000_000_000L, 1, 0);
            b.resources().get(0).scopes().get(0).metrics().add(io.meshlens.model.Metric.sum("d", "", "",
                    io.meshlens.model.Temporality.DELTA, true, p));
            e.consumeMetrics(b);
            await(() -> metric(t, SENT) == 2);
            e.shutdown();
            assertThat(metric(t, "otelcol_exporter_prometheusremotewrite_failed_translations")).isEqualTo(1);
            assertThat(server.accepted().get(0).getTimeseriesCount()).isEqualTo(1);
        }
    }

}
