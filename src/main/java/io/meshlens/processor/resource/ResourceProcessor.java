package io.meshlens.processor.resource;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.SpanBatch;
import io.meshlens.processor.attraction.AttributeActions;
import io.meshlens.processor.attraction.IdentityMemo;
import io.meshlens.telemetry.ProcessorTelemetry;

import java.util.List;

/**
 * Applies the configured actions to the resource attributes of every batch. A scrape target's
 * resource is the same {@code Attributes} instance on every scrape, so the result is memoized by
 * identity: in steady state this processor does one table lookup per resource and allocates nothing.
 */
final class ResourceProcessor implements MetricsProcessor, TracesProcessor {
    /** Resources seen at once: one per scrape target or OTLP sender; grows from a node's worth to a cluster's. */
    private static final int MEMO_SIZE = 4096;
    private static final int MEMO_MAX = 1 << 18;

    private final MetricsConsumer nextMetrics;
    private final TracesConsumer nextTraces;
    private final IdentityMemo memo;
    private final ProcessorTelemetry items;

    ResourceProcessor(CreateSettings settings, ResourceConfig config, MetricsConsumer nextMetrics,
                      TracesConsumer nextTraces) {
        this.nextMetrics = nextMetrics;
        this.nextTraces = nextTraces;
        AttributeActions actions = AttributeActions.compile(config.attributes());
        this.memo = new IdentityMemo(MEMO_SIZE, MEMO_MAX, actions::apply);
        this.items = new ProcessorTelemetry(settings.telemetry(), settings.id().toString(), settings.pipeline());
    }

    @Override
    public void consumeMetrics(MetricBatch batch) {
        // Indexed loops: no iterator objects on the per-scrape path.
        List<ResourceMetrics> resources = batch.resources();
        for (int i = 0; i < resources.size(); i++) {
            ResourceMetrics rm = resources.get(i);
            rm.setResource(memo.apply(rm.resource()));
        }
        int n = batch.pointCount();
        items.items(n, n);
        nextMetrics.consumeMetrics(batch);
    }

    @Override
    public void consumeTraces(SpanBatch batch) {
        for (SpanBatch.ResourceSpans rs : batch.resources()) {
            rs.setResource(memo.apply(rs.resource()));
        }
        int n = batch.spanCount();
        items.items(n, n);
        nextTraces.consumeTraces(batch);
    }
}
