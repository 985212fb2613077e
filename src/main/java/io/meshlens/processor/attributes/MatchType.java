package io.meshlens.processor.attributes;

/** {@code match_type} of include/exclude properties. */
enum MatchType {
    STRICT, REGEXP
}
