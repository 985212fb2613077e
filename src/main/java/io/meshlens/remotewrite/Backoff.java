package io.meshlens.remotewrite;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Collector's exponential backoff (cenkalti/backoff): the interval starts at {@code initial},
 * grows ×{@code multiplier} (default 1.5) up to {@code max}, each wait randomized by
 * ±{@code randomization} (default 0.5); attempts stop once the next wait would pass
 * {@code maxElapsed} since the first failure (0 = never).
 */
public final class Backoff {
    public static final double DEFAULT_MULTIPLIER = 1.5;
    public static final double DEFAULT_RANDOMIZATION = 0.5;

    private final double multiplier;
    private final double randomization;

    private final long initialNanos;
    private final long maxNanos;
    private final long maxElapsedNanos;
    private long currentNanos;
    private long startNanos;

    public Backoff(Duration initial, Duration max, Duration maxElapsed, double randomization, double multiplier) {
        this.randomization = randomization;
        this.multiplier = multiplier;
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
        double delta = randomization * currentNanos;
        long wait = (long) (currentNanos - delta + ThreadLocalRandom.current().nextDouble() * (2 * delta + 1));
        currentNanos = currentNanos >= maxNanos / multiplier ? maxNanos : (long) (currentNanos * multiplier);
        if (maxElapsedNanos > 0 && System.nanoTime() - startNanos + wait > maxElapsedNanos) {
            // cenkalti/backoff stops rather than sleeping past the budget.
            return -1;
        }
        return wait;
    }
}
