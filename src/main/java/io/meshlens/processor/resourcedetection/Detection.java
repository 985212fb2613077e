package io.meshlens.processor.resourcedetection;

import io.meshlens.model.Attributes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Runs the detectors once, concurrently, each retried with exponential back-off (1 s, 2 s, ...)
 * until the timeout, and merges their results: on a key two detectors both set, the one listed first
 * wins. A detector that still fails at the timeout is logged and contributes nothing: v0.118 only logs
 * detector errors (contrib#37961; propagating them to Start came in v0.121 behind a feature gate).
 */
final class Detection {
    private static final long FIRST_BACKOFF_MILLIS = 1000;

    private Detection() {
    }

    static Attributes run(List<Detector> detectors, Duration timeout, Logger logger, String component) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<Attributes>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Detector d : detectors) {
                futures.add(pool.submit(() -> detectWithRetry(d, deadline, logger, component)));
            }
            Attributes.Builder merged = Attributes.builder();
            for (int i = detectors.size() - 1; i >= 0; i--) { // later first, so earlier detectors overwrite
                Attributes a = await(futures.get(i), deadline, detectors.get(i), logger, component);
                merged.putAll(a);
            }
            pool.shutdownNow();
            return merged.build();
        }
    }

    private static Attributes await(Future<Attributes> f, long deadline, Detector d, Logger logger, String component) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            logger.warning(component + ": detector " + d.name() + " did not answer within the timeout");
        } catch (ExecutionException e) {
            logger.warning(component + ": failed to detect resource with " + d.name() + ": " + e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Attributes.EMPTY;
    }

    private static Attributes detectWithRetry(Detector d, long deadline, Logger logger, String component)
            throws Exception {
        long backoff = FIRST_BACKOFF_MILLIS;
        while (true) {
            try {
                return d.detect();
            } catch (Exception e) {
                logger.warning(component + ": failed to detect resource with " + d.name() + ": " + e.getMessage());
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= backoff) {
                    throw e;
                }
                Thread.sleep(backoff);
                backoff *= 2;
            }
        }
    }
}
