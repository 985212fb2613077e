package io.meshlens.component;

/** Data not accepted by a consumer. Retryable errors (e.g. memory pressure, a full queue) may succeed later. */
public class ConsumerException extends RuntimeException {
    private final boolean retryable;

    public ConsumerException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public ConsumerException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
