package io.meshlens.processor.memorylimiter;

import java.time.Duration;

/**
 * {@code memory_limiter} config (core {@code internal/memorylimiter}). Percentages are of the
 * JVM's maximum heap ({@code -Xmx}, {@link Runtime#maxMemory()}): see the README for why.
 */
public record MemoryLimiterConfig(Duration checkInterval, long limitMib, long spikeLimitMib, int limitPercentage,
                                  int spikeLimitPercentage, Duration minGcIntervalWhenSoftLimited,
                                  Duration minGcIntervalWhenHardLimited) {
    public static final Duration DEFAULT_MIN_GC_INTERVAL_WHEN_SOFT_LIMITED = Duration.ofSeconds(10);
}
