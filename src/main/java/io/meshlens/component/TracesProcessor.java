package io.meshlens.component;

/** A processor instance in one traces pipeline. */
public interface TracesProcessor extends Component, TracesConsumer {
}
