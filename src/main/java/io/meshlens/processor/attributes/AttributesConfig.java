package io.meshlens.processor.attributes;

import io.meshlens.processor.attraction.ActionConfig;

import java.util.List;

/**
 * {@code attributes} processor config: the actions, and optional include/exclude properties
 * (null when absent) selecting the metrics or spans they apply to.
 */
public record AttributesConfig(List<ActionConfig> actions, MatchProperties include, MatchProperties exclude) {
    public AttributesConfig {
        actions = List.copyOf(actions);
    }
}
