package io.meshlens.processor.memorylimiter;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.ProcessorFactory;
import io.meshlens.component.Signal;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.config.ConfigReader;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Factory of the {@code memory_limiter} processor. As in the Collector, the limiter of one
 * component ID is shared by every pipeline that lists it (one memory check, one refusing state).
 */
public final class MemoryLimiterProcessorFactory implements ProcessorFactory<MemoryLimiterConfig> {
    private final Map<ComponentId, MemoryLimiter> limiters = new HashMap<>();

    @Override
    public String type() {
        return "memory_limiter";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String description() {
        return "refuses data while the JVM heap is above a limit";
    }

    @Override
    public MemoryLimiterConfig parseConfig(ConfigReader r) {
        Duration check = r.duration("check_interval", Duration.ZERO);
        long limitMib = uint32(r, "limit_mib");
        long spikeMib = uint32(r, "spike_limit_mib");
        long limitPct = uint32(r, "limit_percentage");
        long spikePct = uint32(r, "spike_limit_percentage");
        Duration minSoft = r.duration("min_gc_interval_when_soft_limited",
                MemoryLimiterConfig.DEFAULT_MIN_GC_INTERVAL_WHEN_SOFT_LIMITED);
        Duration minHard = r.duration("min_gc_interval_when_hard_limited", Duration.ZERO);
        r.finish();
        // The Collector reports the first failed rule, in this order.
        if (check.isNegative() || check.isZero()) {
            r.error("check_interval", "'check_interval' must be greater than zero");
        } else if (minSoft.compareTo(minHard) < 0) {
            r.error("min_gc_interval_when_soft_limited",
                    "'min_gc_interval_when_soft_limited' should be larger than 'min_gc_interval_when_hard_limited'");
        } else if (limitMib == 0 && limitPct == 0) {
            r.error("limit_mib", "'limit_mib' or 'limit_percentage' must be greater than zero");
        } else if (limitPct > 100 || spikePct > 100) {
            r.error(limitPct > 100 ? "limit_percentage" : "spike_limit_percentage",
                    "'limit_percentage' and 'spike_limit_percentage' must be greater than zero and less than or "
                            + "equal to hundred");
        } else if (limitMib > 0 && limitMib <= spikeMib) {
            r.error("spike_limit_mib", "'spike_limit_mib' must be smaller than 'limit_mib'");
        } else if (limitPct > 0 && limitPct <= spikePct) {
            r.error("spike_limit_percentage", "'spike_limit_percentage' must be smaller than 'limit_percentage'");
        }
        return new MemoryLimiterConfig(check, limitMib, spikeMib, (int) Math.min(limitPct, 1000),
                (int) Math.min(spikePct, 1000), minSoft, minHard);
    }

    private static long uint32(ConfigReader r, String key) {
        long v = r.integer(key, 0);
        if (v < 0 || v > 0xFFFF_FFFFL) {
            r.error(key, r.qualified(key) + ": " + v + " is not a valid unsigned 32-bit integer");
            return 0;
        }
        return v;
    }

    @Override
    public MetricsProcessor createMetrics(CreateSettings settings, MemoryLimiterConfig config, MetricsConsumer next) {
        return new MemoryLimiterProcessor(settings, limiter(settings, config), next, null);
    }

    @Override
    public TracesProcessor createTraces(CreateSettings settings, MemoryLimiterConfig config, TracesConsumer next) {
        return new MemoryLimiterProcessor(settings, limiter(settings, config), null, next);
    }

    private synchronized MemoryLimiter limiter(CreateSettings settings, MemoryLimiterConfig config) {
        return limiters.computeIfAbsent(settings.id(), id -> new MemoryLimiter(config,
                MemoryLimits.of(config, Runtime.getRuntime().maxMemory()), settings.logger(), settings.describe()));
    }

    /** For tests: a processor whose limits are given in bytes instead of derived from the config. */
    static MemoryLimiterProcessor withLimits(CreateSettings settings, MemoryLimiterConfig config, MemoryLimits limits,
                                             MetricsConsumer next) {
        return new MemoryLimiterProcessor(settings,
                new MemoryLimiter(config, limits, settings.logger(), settings.describe()), next, null);
    }
}
