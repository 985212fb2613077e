package io.meshlens.component;

/** A processor instance in one metrics pipeline: consumes, transforms, forwards to its next consumer. */
public interface MetricsProcessor extends Component, MetricsConsumer {
}
