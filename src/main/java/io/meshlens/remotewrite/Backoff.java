package io.meshlens.remotewrite;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Collector's exponential backoff (cenkalti/backoff defaults): the interval starts at
 * {@code initial}, grows ×1.5 up to {@code max}, each wait randomized ±50%; attempts stop once
 * {@code maxElapsed} has passed since the first failure (0 = never).
 */
public final class Backoff {
    static final double MULTIPLIER = 1.5;
    static final double RANDOMIZATION = 0.5;

    private final long initialNanos;
    private final long maxNanos;
    private final long maxElapsedNanos;
    private long currentNanos;
    private long startNanos;

    public Backoff(Duration initial, Duration max, Duration maxElapsed) {
        this.initialNanos = Math.max(1, initial.toNanos());
        this.maxNanos = Math.max(initialNanos, max.toNanos());
        this.maxElapsedNanos = maxElapsed.toNanos();
        reset();
    }

    public void reset() {
        currentNanos = initialNanos;
        startNanos = System.nanoTime();
    }

    /** The next wait, or -1 when the elapsed-time budget is spent. */
    public long nextNanos() {
        if (maxElapsedNanos > 0 && System.nanoTime() - startNanos > maxElapsedNanos) {
            return -1;
        }
        double delta = RANDOMIZATION * currentNanos;
        long wait = (long) (currentNanos - delta + ThreadLocalRandom.current().nextDouble() * (2 * delta + 1));
        currentNanos = currentNanos >= maxNanos / MULTIPLIER ? maxNanos : (long) (currentNanos * MULTIPLIER);
        if (maxElapsedNanos > 0 && System.nanoTime() - startNanos + wait > maxElapsedNanos) {
            // cenkalti/backoff stops rather than sleeping past the budget.
            return -1;
        }
        return wait;
    }
}
