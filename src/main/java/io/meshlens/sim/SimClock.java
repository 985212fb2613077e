package io.meshlens.sim;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulation's time source. Every simulated value is a pure function of this clock, so a test
 * that drives a {@link Manual} clock gets byte-identical output for the same seed.
 */
public interface SimClock {
    /** Milliseconds since the epoch. */
    long millis();

    static SimClock system() {
        return System::currentTimeMillis;
    }

    static Manual manual(long startMillis) {
        return new Manual(startMillis);
    }

    /** A clock that only moves when told to. */
    final class Manual implements SimClock {
        private final AtomicLong now;

        Manual(long startMillis) {
            now = new AtomicLong(startMillis);
        }

        @Override
        public long millis() {
            return now.get();
        }

        public void advance(Duration d) {
            now.addAndGet(d.toMillis());
        }

        public void set(long millis) {
            now.set(millis);
        }
    }
}
