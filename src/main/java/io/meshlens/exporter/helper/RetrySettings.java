package io.meshlens.exporter.helper;

import io.meshlens.config.ConfigReader;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Collector's {@code retry_on_failure}: exponential backoff with jitter. Defaults are the
 * exporterhelper's (5s initial, ×1.5, ±50 %, 30s max interval, give up after 5m; 0 = never).
 */
public record RetrySettings(boolean enabled, Duration initialInterval, double randomizationFactor,
                            double multiplier, Duration maxInterval, Duration maxElapsedTime) {
    public static final RetrySettings DEFAULT = new RetrySettings(true, Duration.ofSeconds(5), 0.5, 1.5,
            Duration.ofSeconds(30), Duration.ofMinutes(5));

    public static RetrySettings parse(ConfigReader r, RetrySettings def) {
        RetrySettings s = new RetrySettings(r.bool("enabled", def.enabled),
                r.duration("initial_interval", def.initialInterval),
                r.number("randomization_factor", def.randomizationFactor),
                r.number("multiplier", def.multiplier),
                r.duration("max_interval", def.maxInterval),
                r.duration("max_elapsed_time", def.maxElapsedTime));
        if (s.enabled && s.initialInterval.isNegative()) {
            r.error("initial_interval", "'initial_interval' must be non-negative");
        }
        if (s.enabled && (s.randomizationFactor < 0 || s.randomizationFactor > 1)) {
            r.error("randomization_factor", "'randomization_factor' must be within [0, 1]");
        }
        if (s.enabled && s.multiplier <= 0) {
            r.error("multiplier", "'multiplier' must be positive");
        }
        r.finish();
        return s;
    }

    /** The n-th (0-based) backoff delay with jitter, capped at max_interval. */
    public Duration delay(int attempt) {
        double base = initialInterval.toMillis() * Math.pow(multiplier, attempt);
        base = Math.min(base, maxInterval.toMillis());
        double delta = randomizationFactor * base;
        double d = base - delta + ThreadLocalRandom.current().nextDouble() * (2 * delta + 1);
        return Duration.ofMillis(Math.max(0, (long) d));
    }
}
