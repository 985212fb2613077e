package io.meshlens.ottl;

/** A condition failed while being evaluated (e.g. a type that a function cannot take). */
public final class OttlEvalException extends RuntimeException {
    public OttlEvalException(String message) {
        super(message);
    }
}
