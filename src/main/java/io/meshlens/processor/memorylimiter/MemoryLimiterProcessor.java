package io.meshlens.processor.memorylimiter;

import io.meshlens.component.ConsumerException;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Host;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsDropHint;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.model.Attributes;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.SpanBatch;
import io.meshlens.telemetry.ProcessorTelemetry;
import io.meshlens.telemetry.Telemetry;

/**
 * One pipeline's memory_limiter: forwards data while the shared {@link MemoryLimiter} allows it,
 * otherwise throws the Collector's retryable {@code ErrDataRefused}, which receivers count as
 * refused and scrapes report.
 */
final class MemoryLimiterProcessor implements MetricsProcessor, TracesProcessor {
    static final String REFUSED = "data refused due to high memory usage";

    private final MemoryLimiter limiter;
    private final MetricsConsumer nextMetrics;
    private final TracesConsumer nextTraces;
    private final Telemetry.Counter accepted;
    private final Telemetry.Counter refused;
    private final ProcessorTelemetry items;

    MemoryLimiterProcessor(CreateSettings settings, MemoryLimiter limiter, MetricsConsumer nextMetrics,
                           TracesConsumer nextTraces) {
        this.limiter = limiter;
        this.nextMetrics = nextMetrics;
        this.nextTraces = nextTraces;
        Telemetry t = settings.telemetry();
        Attributes l = Attributes.of("processor", settings.id().toString());
        String unit = nextMetrics != null ? "metric_points" : "spans";
        String what = nextMetrics != null ? "metric points" : "spans";
        accepted = t.counter("otelcol_processor_accepted_" + unit,
                "Number of " + what + " successfully pushed into the next component in the pipeline.", l);
        refused = t.counter("otelcol_processor_refused_" + unit,
                "Number of " + what + " that were rejected by the next component in the pipeline.", l);
        items = new ProcessorTelemetry(t, settings.id().toString(), settings.pipeline());
    }

    MemoryLimiter limiter() {
        return limiter;
    }

    @Override
    public void start(Host host) {
        limiter.start();
    }

    @Override
    public void shutdown() {
        limiter.shutdown();
    }

    /** The next consumer's: this processor refuses or forwards batches, it never changes them. */
    @Override
    public MetricsDropHint dropHint() {
        return nextMetrics == null ? null : nextMetrics.dropHint();
    }

    @Override
    public void consumeMetrics(MetricBatch batch) {
        admit(batch.pointCountWithSkipped());
        nextMetrics.consumeMetrics(batch);
    }

    @Override
    public void consumeTraces(SpanBatch batch) {
        admit(batch.spanCount());
        nextTraces.consumeTraces(batch);
    }

    private void admit(int n) {
        if (limiter.mustRefuse()) {
            refused.add(n);
            items.items(n, 0);
            throw new ConsumerException(REFUSED, true);
        }
        accepted.add(n);
        items.items(n, n);
    }
}
