package io.meshlens.exporter.prometheusremotewrite;

import io.meshlens.model.Attributes;
import io.meshlens.telemetry.Telemetry;

import java.io.FileOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A separate JVM for the crash test ({@link PrometheusRemoteWriteE2ETest}): an exporter with a WAL.
 *
 * <ul>
 * <li>{@code feed <endpoint> <walDir> <ackFile>}: pushes {@code crash_seq} = 1, 2, 3, ... every
 *     100 ms and appends each number to {@code ackFile} once {@code consumeMetrics} returned (the
 *     pipeline's acknowledgement); runs until killed.</li>
 * <li>{@code drain <endpoint> <walDir>}: starts on the same WAL, waits until every record in it is
 *     delivered, shuts down and exits 0.</li>
 * </ul>
 */
public final class RemoteWriteWalChild {
    private RemoteWriteWalChild() {
    }

    static PrometheusRemoteWriteConfig config(String endpoint, String walDir) {
        return ExporterFixtures.config("""
                endpoint: %s
                retry_on_failure:
                  initial_interval: 50ms
                  max_interval: 200ms
                wal:
                  directory: %s
                  buffer_size: 10
                  truncate_frequency: 1s
                """.formatted(endpoint, walDir));
    }

    public static void main(String[] args) throws Exception {
        Telemetry t = new Telemetry();
        PrometheusRemoteWriteExporter e = ExporterFixtures.start(config(args[1], args[2]), t);
        if (args[0].equals("feed")) {
            try (FileOutputStream acks = new FileOutputStream(args[3], true)) {
                for (long seq = 1; ; seq++) {
                    e.consumeMetrics(ExporterFixtures.numbered("crash_seq", seq, System.currentTimeMillis()));
                    // Written only after the exporter acknowledged; a SIGKILL keeps what write() handed the kernel.
                    acks.write((seq + "\n").getBytes(StandardCharsets.UTF_8));
                    Thread.sleep(100);
                }
            }
        }
        Attributes q = Attributes.of("exporter", "prometheusremotewrite", "data_type", "metrics");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (t.value("otelcol_exporter_queue_size", q) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        double left = t.value("otelcol_exporter_queue_size", q);
        e.shutdown();
        System.out.println("drained, sent=" + ExporterFixtures.metric(t, "otelcol_exporter_sent_metric_points")
                + " left=" + left);
        System.exit(left == 0 ? 0 : 1);
    }
}
