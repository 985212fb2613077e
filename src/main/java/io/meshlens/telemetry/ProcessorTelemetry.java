package io.meshlens.telemetry;

import io.meshlens.model.Attributes;

/** The Collector's per-processor item counters (metric points or spans in and out). */
public final class ProcessorTelemetry {
    private final Telemetry.Counter incoming;
    private final Telemetry.Counter outgoing;

    public ProcessorTelemetry(Telemetry t, String processorId, String pipeline) {
        Attributes l = Attributes.of("processor", processorId, "pipeline", pipeline, "otel_signal",
                pipeline.contains("/") ? pipeline.substring(0, pipeline.indexOf('/')) : pipeline);
        incoming = t.counter("otelcol_processor_incoming_items", "Number of items passed to the processor.", l);
        outgoing = t.counter("otelcol_processor_outgoing_items", "Number of items emitted from the processor.", l);
    }

    public void items(int in, int out) {
        incoming.add(in);
        outgoing.add(out);
    }
}
