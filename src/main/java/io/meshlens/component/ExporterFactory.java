package io.meshlens.component;

/** Creates one exporter per exporter ID; the instance implements the consumer interface of each signal. */
public interface ExporterFactory<C> extends Factory<C> {
    Exporter create(CreateSettings settings, C config);

    @Override
    default Kind kind() {
        return Kind.EXPORTER;
    }
}
