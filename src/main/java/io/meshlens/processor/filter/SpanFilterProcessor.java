package io.meshlens.processor.filter;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.model.Attributes;
import io.meshlens.model.SpanBatch;
import io.meshlens.ottl.Target;
import io.meshlens.telemetry.ProcessorTelemetry;
import io.meshlens.telemetry.Telemetry;

/**
 * The filter processor in a traces pipeline: a span is dropped when any {@code traces.span}
 * condition is true; empty scopes and resources are removed; nothing left → nothing forwarded.
 */
public final class SpanFilterProcessor implements TracesProcessor {
    private final TracesConsumer next;
    private final ConditionSet spanConditions;
    private final ProcessorTelemetry items;
    private final Telemetry.Counter filtered;

    SpanFilterProcessor(CreateSettings settings, FilterConfig config, TracesConsumer next) {
        this.next = next;
        this.spanConditions = new ConditionSet(config.spanConditions(), config.errorMode(), settings.describe(),
                settings.logger());
        this.items = new ProcessorTelemetry(settings.telemetry(), settings.id().toString(), settings.pipeline());
        this.filtered = settings.telemetry().counter("otelcol_processor_filter_spans_filtered",
                "Number of spans dropped by the filter processor", Attributes.of("filter", settings.id().toString()));
    }

    @Override
    public void consumeTraces(SpanBatch batch) {
        int in = batch.spanCount();
        if (!spanConditions.isEmpty()) {
            Target target = new Target();
            for (SpanBatch.ResourceSpans rs : batch.resources()) {
                for (SpanBatch.ScopeSpans ss : rs.scopes()) {
                    target.at(rs.resource(), ss.scope());
                    ss.spans().removeIf(span -> spanConditions.anyTrue(target.span(span)));
                }
            }
            batch.removeEmpty();
        }
        int out = batch.spanCount();
        items.items(in, out);
        filtered.add(in - out);
        if (batch.resources().isEmpty()) {
            return;
        }
        next.consumeTraces(batch);
    }
}
