package io.meshlens.processor.attributes;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.model.Span;
import io.meshlens.model.SpanBatch;
import io.meshlens.processor.attraction.AttributeActions;
import io.meshlens.telemetry.ProcessorTelemetry;

/** Applies the actions to the attributes of every span that include/exclude select. */
final class SpanAttributesProcessor implements TracesProcessor {
    private final TracesConsumer next;
    private final MatchProperties include;
    private final MatchProperties exclude;
    private final AttributeActions actions;
    private final ProcessorTelemetry items;

    SpanAttributesProcessor(CreateSettings settings, AttributesConfig config, TracesConsumer next) {
        this.next = next;
        this.include = config.include();
        this.exclude = config.exclude();
        // Span attributes differ from span to span, so no memo: it would only churn.
        this.actions = AttributeActions.compile(config.actions());
        this.items = new ProcessorTelemetry(settings.telemetry(), settings.id().toString(), settings.pipeline());
    }

    @Override
    public void consumeTraces(SpanBatch batch) {
        for (SpanBatch.ResourceSpans rs : batch.resources()) {
            for (SpanBatch.ScopeSpans ss : rs.scopes()) {
                for (Span span : ss.spans()) {
                    if (include != null && !include.matchesSpan(rs.resource(), ss.scope(), span)
                            || exclude != null && exclude.matchesSpan(rs.resource(), ss.scope(), span)) {
                        continue;
                    }
                    span.setAttributes(actions.apply(span.attributes()));
                }
            }
        }
        int n = batch.spanCount();
        items.items(n, n);
        next.consumeTraces(batch);
    }
}
