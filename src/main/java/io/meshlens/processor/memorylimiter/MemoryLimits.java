package io.meshlens.processor.memorylimiter;

/**
 * The two thresholds in bytes of used heap: above {@code hard} a GC is forced; above
 * {@code hard - spike} (the soft limit) data is refused. A spike of 0 means 20% of the limit.
 */
record MemoryLimits(long hardBytes, long spikeBytes) {
    static final long MIB = 1024 * 1024;

    MemoryLimits {
        if (spikeBytes == 0) {
            spikeBytes = hardBytes / 5;
        }
    }

    long softBytes() {
        return hardBytes - spikeBytes;
    }

    /** Fixed MiB take precedence over percentages of {@code maxHeap}, as in the Collector. */
    static MemoryLimits of(MemoryLimiterConfig c, long maxHeap) {
        if (c.limitMib() > 0) {
            return new MemoryLimits(c.limitMib() * MIB, c.spikeLimitMib() * MIB);
        }
        return new MemoryLimits(c.limitPercentage() * maxHeap / 100, c.spikeLimitPercentage() * maxHeap / 100);
    }
}
