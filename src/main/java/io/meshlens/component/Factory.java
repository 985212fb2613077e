package io.meshlens.component;

import io.meshlens.config.ConfigReader;

import java.util.Set;

/**
 * Creates components of one type. {@link #parseConfig} reads and validates the component's
 * mapping into a typed config (a record, with the Collector's defaults for absent keys), recording
 * problems in the reader instead of throwing; it must call {@link ConfigReader#finish()} so unknown
 * keys are reported. A component with no config section gets {@code parseConfig} of an empty mapping.
 */
public interface Factory<C> {
    String type();

    Kind kind();

    /** The signals this type supports (receivers/processors/exporters). */
    Set<Signal> signals();

    C parseConfig(ConfigReader reader);

    /** One line for {@code meshlens components}. */
    default String description() {
        return "";
    }
}
