package io.meshlens.telemetry;

import io.meshlens.model.Attributes;

import java.util.function.DoubleSupplier;

/** The Collector's exporter counters and queue gauges for one exporter ID. */
public final class ExporterTelemetry {
    private final Telemetry telemetry;
    private final String exporterId;
    private final Telemetry.Counter sent;
    private final Telemetry.Counter failed;
    private final Telemetry.Counter enqueueFailed;
    private final Telemetry.Counter sentSpans;
    private final Telemetry.Counter failedSpans;

    public ExporterTelemetry(Telemetry t, String exporterId) {
        this.telemetry = t;
        this.exporterId = exporterId;
        Attributes l = Attributes.of("exporter", exporterId);
        sent = t.counter("otelcol_exporter_sent_metric_points",
                "Number of metric points successfully sent to destination.", l);
        failed = t.counter("otelcol_exporter_send_failed_metric_points",
                "Number of metric points in failed attempts to send to destination.", l);
        enqueueFailed = t.counter("otelcol_exporter_enqueue_failed_metric_points",
                "Number of metric points failed to be added to the sending queue.", l);
        sentSpans = t.counter("otelcol_exporter_sent_spans", "Number of spans successfully sent to destination.", l);
        failedSpans = t.counter("otelcol_exporter_send_failed_spans",
                "Number of spans in failed attempts to send to destination.", l);
    }

    public void sent(long points) {
        sent.add(points);
    }

    public void failed(long points) {
        failed.add(points);
    }

    public void enqueueFailed(long points) {
        enqueueFailed.add(points);
    }

    public void sentSpans(long n) {
        sentSpans.add(n);
    }

    public void failedSpans(long n) {
        failedSpans.add(n);
    }

    /** Registers otelcol_exporter_queue_size / _capacity read from the exporter's queue. */
    public void queue(String dataType, DoubleSupplier size, DoubleSupplier capacity) {
        Attributes l = Attributes.of("exporter", exporterId, "data_type", dataType);
        telemetry.gaugeCallback("otelcol_exporter_queue_size", "Current size of the retry queue (in batches).", l, size);
        telemetry.gaugeCallback("otelcol_exporter_queue_capacity", "Fixed capacity of the retry queue (in batches).", l,
                capacity);
    }
}
