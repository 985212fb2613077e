package io.meshlens.processor.attraction;

import io.meshlens.config.Mark;

/**
 * One entry of an {@code actions} (attributes processor) or {@code attributes} (resource
 * processor) list, validated. Absent string fields are empty; {@code value} is the YAML-typed
 * value (String, Long, Double, Boolean, a List or a nested Attributes) or null when absent.
 */
public record ActionConfig(Action action, String key, Object value, String fromAttribute, String fromContext,
                           String pattern, String convertedType, Mark mark) {
}
