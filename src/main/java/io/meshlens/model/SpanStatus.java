package io.meshlens.model;

/** OTLP span status code. */
public enum SpanStatus {
    UNSET, OK, ERROR
}
