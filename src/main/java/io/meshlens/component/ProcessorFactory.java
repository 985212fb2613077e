package io.meshlens.component;

/** Creates a processor instance per pipeline it appears in, as the Collector does. */
public interface ProcessorFactory<C> extends Factory<C> {
    default MetricsProcessor createMetrics(CreateSettings settings, C config, MetricsConsumer next) {
        throw new UnsupportedOperationException(type() + " does not support metrics");
    }

    default TracesProcessor createTraces(CreateSettings settings, C config, TracesConsumer next) {
        throw new UnsupportedOperationException(type() + " does not support traces");
    }

    @Override
    default Kind kind() {
        return Kind.PROCESSOR;
    }
}
