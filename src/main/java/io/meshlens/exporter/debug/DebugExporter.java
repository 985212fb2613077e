package io.meshlens.exporter.debug;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.TracesConsumer;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.SpanBatch;
import io.meshlens.telemetry.ExporterTelemetry;

import java.io.PrintStream;
import java.util.function.Consumer;

/**
 * Writes every batch it receives, at the configured verbosity, to meshlens's log (or stdout).
 * Synchronous: a batch is written before consume returns, so nothing is buffered at shutdown.
 */
final class DebugExporter implements Exporter, MetricsConsumer, TracesConsumer {
    private final DebugConfig config;
    private final Consumer<String> out;
    private final ExporterTelemetry telemetry;

    DebugExporter(CreateSettings settings, DebugConfig config) {
        this(settings, config, config.useInternalLogger() ? settings.logger()::info : stdout(System.out));
    }

    DebugExporter(CreateSettings settings, DebugConfig config, Consumer<String> out) {
        this.config = config;
        this.out = out;
        this.telemetry = new ExporterTelemetry(settings.telemetry(), settings.id().toString());
    }

    private static Consumer<String> stdout(PrintStream s) {
        return line -> {
            synchronized (s) {
                s.println(line);
                s.flush();
            }
        };
    }

    @Override
    public void consumeMetrics(MetricBatch batch) {
        out.accept(switch (config.verbosity()) {
            case BASIC -> DebugFormat.metricsSummary(batch);
            case NORMAL -> DebugFormat.metricsSummary(batch) + "\n" + DebugFormat.metricsNormal(batch);
            case DETAILED -> DebugFormat.metricsSummary(batch) + "\n" + DebugFormat.metricsDetailed(batch);
        });
        telemetry.sent(batch.pointCount());
    }

    @Override
    public void consumeTraces(SpanBatch batch) {
        out.accept(switch (config.verbosity()) {
            case BASIC -> DebugFormat.tracesSummary(batch);
            case NORMAL -> DebugFormat.tracesSummary(batch) + "\n" + DebugFormat.tracesNormal(batch);
            case DETAILED -> DebugFormat.tracesSummary(batch) + "\n" + DebugFormat.tracesDetailed(batch);
        });
        telemetry.sentSpans(batch.spanCount());
    }
}
