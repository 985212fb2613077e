package io.meshlens.exporter.helper;

/** A failed send. Permanent failures (e.g. HTTP 400) are dropped; others are retried with backoff. */
public final class SendException extends Exception {
    private final boolean permanent;

    public SendException(String message, boolean permanent) {
        super(message);
        this.permanent = permanent;
    }

    public SendException(String message, Throwable cause, boolean permanent) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
