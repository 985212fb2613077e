package io.meshlens.component;

/**
 * Creates one receiver per receiver ID, whatever the number of pipelines using it: the consumers
 * already fan out to every pipeline that lists it. A consumer is null for an unused signal.
 */
public interface ReceiverFactory<C> extends Factory<C> {
    Receiver create(CreateSettings settings, C config, Consumers next);

    @Override
    default Kind kind() {
        return Kind.RECEIVER;
    }

    /** The consumers a receiver pushes to, one per signal it is used for (null when unused). */
    record Consumers(MetricsConsumer metrics, TracesConsumer traces) {
    }
}
