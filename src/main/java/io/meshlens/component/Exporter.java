package io.meshlens.component;

/**
 * Sends data out. An exporter implements {@link MetricsConsumer} and/or {@link TracesConsumer}
 * for the signals its factory declares; one instance serves every pipeline that names it (fan-in).
 */
public interface Exporter extends Component {
}
