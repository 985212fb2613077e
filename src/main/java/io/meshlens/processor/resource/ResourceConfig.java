package io.meshlens.processor.resource;

import io.meshlens.processor.attraction.ActionConfig;

import java.util.List;

/** {@code resource} processor config: the actions applied to resource attributes, in order. */
public record ResourceConfig(List<ActionConfig> attributes) {
    public ResourceConfig {
        attributes = List.copyOf(attributes);
    }
}
