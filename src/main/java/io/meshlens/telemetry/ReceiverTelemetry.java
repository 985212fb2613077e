package io.meshlens.telemetry;

import io.meshlens.model.Attributes;

/** The Collector's receiver counters for one receiver ID and transport. */
public final class ReceiverTelemetry {
    private final Telemetry.Counter accepted;
    private final Telemetry.Counter refused;
    private final Telemetry.Counter acceptedSpans;
    private final Telemetry.Counter refusedSpans;

    public ReceiverTelemetry(Telemetry t, String receiverId, String transport) {
        Attributes l = Attributes.of("receiver", receiverId, "transport", transport);
        accepted = t.counter("otelcol_receiver_accepted_metric_points",
                "Number of metric points successfully pushed into the pipeline.", l);
        refused = t.counter("otelcol_receiver_refused_metric_points",
                "Number of metric points that could not be pushed into the pipeline.", l);
        acceptedSpans = t.counter("otelcol_receiver_accepted_spans",
                "Number of spans successfully pushed into the pipeline.", l);
        refusedSpans = t.counter("otelcol_receiver_refused_spans",
                "Number of spans that could not be pushed into the pipeline.", l);
    }

    public void metricPoints(int accepted, int refused) {
        this.accepted.add(accepted);
        this.refused.add(refused);
    }

    public void spans(int accepted, int refused) {
        this.acceptedSpans.add(accepted);
        this.refusedSpans.add(refused);
    }
}
