package io.meshlens.config;

/** Why one {@code ${...}} could not be expanded; becomes a {@link ConfigError} at {@code mark}. */
final class ExpansionException extends Exception {
    private final transient Mark mark;

    ExpansionException(Mark mark, String message) {
        super(message, null, false, false);
        this.mark = mark;
    }

    Mark mark() {
        return mark;
    }
}
