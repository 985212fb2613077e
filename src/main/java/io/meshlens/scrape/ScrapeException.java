package io.meshlens.scrape;

/** A scrape that failed (HTTP error, timeout, body too large, parse error, limit exceeded): the target's up=0. */
public final class ScrapeException extends Exception {
    public ScrapeException(String message) {
        super(message);
    }

    public ScrapeException(String message, Throwable cause) {
        super(message, cause);
    }
}
