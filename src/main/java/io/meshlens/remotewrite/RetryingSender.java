package io.meshlens.remotewrite;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Sends one request with retry_on_failure semantics: retryable outcomes are retried with
 * {@link Backoff} until sent, a permanent error, the elapsed-time budget, or {@code stop} says to
 * give up. With a WAL the budget is ignored: the request is on disk and retried until the backend
 * takes it, which is what makes an outage of any length lossless.
 */
public final class RetryingSender {
    /** How a request ended. */
    public enum Verdict { SENT, DROPPED_PERMANENT, GAVE_UP, STOPPED }

    /** Retry settings (contrib's retry_on_failure). */
    public record RetrySettings(boolean enabled, Duration initialInterval, Duration maxInterval,
                                Duration maxElapsedTime, double randomizationFactor, double multiplier) {
    }

    private final RemoteWriteClient client;
    private final RetrySettings retry;
    private final Logger log;
    private final String who;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition woken = lock.newCondition();

    public RetryingSender(RemoteWriteClient client, RetrySettings retry, Logger log, String who) {
        this.client = client;
        this.retry = retry;
        this.log = log;
        this.who = who;
    }

    /** Interrupts backoff waits (e.g. at shutdown) so {@code stop} is checked at once. */
    public void wake() {
        lock.lock();
        try {
            woken.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * @param forever retry retryable errors without a time budget (WAL mode)
     * @param stop checked between attempts; true ends with {@link Verdict#STOPPED}
     */
    public Verdict send(RequestBody body, boolean forever, BooleanSupplier stop) throws InterruptedException {
        Backoff backoff = null;
        int attempt = 0;
        while (true) {
            attempt++;
            RemoteWriteClient.Result r = client.send(body.bytes(), body.length());
            switch (r.outcome()) {
                case SENT -> {
                    if (attempt > 1) {
                        log.info(who + ": request sent after " + attempt + " attempts");
                    }
                    return Verdict.SENT;
                }
                case PERMANENT -> {
                    log.warning(who + ": dropping a request: " + r.detail() + " (not retryable)");
                    return Verdict.DROPPED_PERMANENT;
                }
                case RETRYABLE -> {
                    if (!retry.enabled() && !forever) {
                        log.warning(who + ": dropping a request: " + r.detail() + " (retry_on_failure disabled)");
                        return Verdict.GAVE_UP;
                    }
                    if (backoff == null) {
                        backoff = new Backoff(retry.initialInterval(), retry.maxInterval(),
                                forever ? Duration.ZERO : retry.maxElapsedTime(), retry.randomizationFactor(),
                                retry.multiplier());
                    }
                    long wait = backoff.nextNanos();
                    if (wait < 0) {
                        log.warning(who + ": dropping a request after " + attempt + " attempts: " + r.detail()
                                + " (retry_on_failure.max_elapsed_time " + retry.maxElapsedTime() + " exceeded)");
                        return Verdict.GAVE_UP;
                    }
                    if (attempt == 1 || attempt % 100 == 0) {
                        log.log(attempt == 1 ? Level.INFO : Level.WARNING,
                                who + ": " + client.endpoint() + " failed (" + r.detail() + "), retrying (attempt "
                                        + attempt + ")");
                    }
                    if (stop.getAsBoolean() || sleep(wait, stop)) {
                        return Verdict.STOPPED;
                    }
                }
            }
        }
    }

    /** Waits {@code nanos}; returns true when stopped meanwhile. */
    private boolean sleep(long nanos, BooleanSupplier stop) throws InterruptedException {
        lock.lock();
        try {
            long left = nanos;
            while (left > 0 && !stop.getAsBoolean()) {
                left = woken.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        return stop.getAsBoolean();
    }

}
