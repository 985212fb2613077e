package io.meshlens.remotewrite;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {
    @Test
    void growsByTheMultiplierUpToTheMaximumWithinTheJitterBand() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofMillis(300), Duration.ZERO, 0.5, 2);
        long[] centers = {100, 200, 300, 300, 300};
        for (long c : centers) {
            long ms = b.nextNanos() / 1_000_000;
            assertThat(ms).isBetween(c / 2 - 1, c * 3 / 2 + 1);
        }
    }

    @Test
    void stopsBeforeAWaitWouldPassTheElapsedBudget() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofMillis(100), 0, 1.5);
        assertThat(b.nextNanos()).isEqualTo(-1);
        Backoff forever = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 0, 1.5);
        assertThat(forever.nextNanos()).isEqualTo(1_000_000_000L);
    }
}
