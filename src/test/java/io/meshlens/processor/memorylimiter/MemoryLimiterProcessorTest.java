package io.meshlens.processor.memorylimiter;

import io.meshlens.component.ConsumerException;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.config.ConfigError;
import io.meshlens.config.ConfigErrors;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.telemetry.Telemetry;
import io.meshlens.testing.ProcessorsConfigs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Drives the real JVM heap past small limits set just above the current use: arrays are allocated
 * and held to cross the soft and hard limits, and released to come back. Only the limit values are
 * chosen by the test; heap use is read from the JVM as in production.
 */
class MemoryLimiterProcessorTest {
    static final MemoryLimiterProcessorFactory FACTORY = new MemoryLimiterProcessorFactory();
    static final long MIB = 1024 * 1024;
    static final Attributes LABEL = Attributes.of("processor", "memory_limiter");

    /** Held on purpose: this is the memory pressure. */
    private final List<byte[]> ballast = new ArrayList<>();

    @AfterEach
    void release() {
        ballast.clear();
        System.gc();
    }

    static MemoryLimiterConfig load(String id, ConfigErrors errors) {
        return FACTORY.parseConfig(ProcessorsConfigs.section(
                ProcessorsConfigs.resource("/processor/memory_limiter/config.yaml"), id, errors));
    }

    @Test
    void readsFixedAndPercentageLimits() {
        ConfigErrors errors = new ConfigErrors();
        assertThat(load("memory_limiter", errors)).isEqualTo(new MemoryLimiterConfig(Duration.ofSeconds(1), 4000, 800,
                0, 0, Duration.ofSeconds(10), Duration.ZERO));
        assertThat(load("memory_limiter/percent", errors)).isEqualTo(new MemoryLimiterConfig(Duration.ofSeconds(5),
                0, 0, 80, 20, Duration.ofSeconds(30), Duration.ofSeconds(5)));
        assertThat(errors.all()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            memory_limiter/nointerval | 'check_interval' must be greater than zero
            memory_limiter/nolimit    | 'limit_mib' or 'limit_percentage' must be greater than zero
            memory_limiter/spike      | 'spike_limit_mib' must be smaller than 'limit_mib'
            memory_limiter/pct        | 'limit_percentage' and 'spike_limit_percentage' must be greater than zero and less than or equal to hundred
            """)
    void invalidConfigsGetTheCollectorsMessage(String id, String message) {
        ConfigErrors errors = new ConfigErrors();
        load(id, errors);
        assertThat(errors.errors()).extracting(ConfigError::message).containsExactly(message);
    }

    @Test
    void limitsDefaultTheSpikeToOneFifthAndTakePercentagesOfTheMaxHeap() {
        MemoryLimits fixed = MemoryLimits.of(new MemoryLimiterConfig(Duration.ofSeconds(1), 1000, 0, 0, 0,
                Duration.ZERO, Duration.ZERO), 1L << 40);
        assertThat(fixed.hardBytes()).isEqualTo(1000 * MIB);
        assertThat(fixed.softBytes()).isEqualTo(800 * MIB);
        MemoryLimits pct = MemoryLimits.of(new MemoryLimiterConfig(Duration.ofSeconds(1), 0, 0, 50, 10,
                Duration.ZERO, Duration.ZERO), 2000 * MIB);
        assertThat(pct.hardBytes()).isEqualTo(1000 * MIB);
        assertThat(pct.spikeBytes()).isEqualTo(200 * MIB);
    }

    static MetricBatch batch(int points) {
        NumberPoints p = new NumberPoints();
        for (int i = 0; i < points; i++) {
            p.addDouble(Attributes.of("i", (long) i), 0, 1, i, 0);
        }
        MetricBatch b = new MetricBatch();
        b.addResource(Attributes.EMPTY).addScope(Scope.EMPTY).metrics().add(Metric.gauge("m", "", "", p));
        return b;
    }

    private void hold(long mib) {
        for (long i = 0; i < mib; i++) {
            ballast.add(new byte[(int) MIB]);
        }
    }

    static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    static long gcCount() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    @Test
    void refusesAboveTheSoftLimitForcesGcAboveTheHardLimitAndResumesBelowTheSoftLimit() {
        long base = usedHeapAfterGc();
        // soft = base + 192 MiB, hard = base + 256 MiB
        MemoryLimits limits = new MemoryLimits(base + 256 * MIB, 64 * MIB);
        MemoryLimiterConfig cfg = new MemoryLimiterConfig(Duration.ofHours(1), 1, 0, 0, 0, Duration.ZERO,
                Duration.ZERO);
        Telemetry t = new Telemetry();
        List<MetricBatch> got = new ArrayList<>();
        MemoryLimiterProcessor p = MemoryLimiterProcessorFactory.withLimits(
                ProcessorsConfigs.settings("memory_limiter", t), cfg, limits, got::add);
        MemoryLimiter limiter = p.limiter();

        limiter.check();
        assertThat(limiter.mustRefuse()).isFalse();
        p.consumeMetrics(batch(3));
        assertThat(got).hasSize(1);

        hold(224); // between soft and hard
        limiter.check();
        assertThat(limiter.mustRefuse()).as("used %d MiB over base", (limiter.usedHeap() - base) / MIB).isTrue();
        assertThatThrownBy(() -> p.consumeMetrics(batch(5))).isInstanceOfSatisfying(ConsumerException.class, e -> {
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).isEqualTo("data refused due to high memory usage");
        });
        assertThat(got).hasSize(1);

        hold(96); // above hard: the check forces a GC, which cannot free held arrays
        long gcs = gcCount();
        limiter.check();
        assertThat(gcCount()).as("a GC was forced").isGreaterThan(gcs);
        assertThat(limiter.mustRefuse()).isTrue();

        ballast.clear(); // garbage now; the hard-limit GC of the next check reclaims it
        limiter.check();
        assertThat(limiter.mustRefuse()).as("used %d MiB over base", (limiter.usedHeap() - base) / MIB).isFalse();
        p.consumeMetrics(batch(2));
        assertThat(got).hasSize(2);

        assertThat(t.value("otelcol_processor_refused_metric_points", LABEL)).isEqualTo(5);
        assertThat(t.value("otelcol_processor_accepted_metric_points", LABEL)).isEqualTo(5);
    }

    /** A limiter with {@code limits}, checking every {@code checkInterval}, no minimum time between forced GCs. */
    private static MemoryLimiterProcessor processor(MemoryLimits limits, Duration checkInterval) {
        MemoryLimiterConfig cfg = new MemoryLimiterConfig(checkInterval, 1, 0, 0, 0, Duration.ZERO, Duration.ZERO);
        return MemoryLimiterProcessorFactory.withLimits(ProcessorsConfigs.settings("memory_limiter", new Telemetry()),
                cfg, limits, b -> { });
    }

    @Test
    void whileRefusingAGcIsForcedAgainSoGarbageLeftInTheHeapDoesNotKeepRefusing() {
        long base = usedHeapAfterGc();
        // soft = base + 256 MiB, hard = base + 1 GiB: far enough that no hard-limit GC interferes
        MemoryLimiter limiter = processor(new MemoryLimits(base + 1024 * MIB, 768 * MIB), Duration.ofHours(1)).limiter();
        hold(320); // between soft and hard
        limiter.check();
        assertThat(limiter.mustRefuse()).isTrue();

        ballast.clear(); // garbage, still counted as used heap until a collection
        int forced = limiter.forcedGcs();
        limiter.check();
        assertThat(limiter.forcedGcs()).as("a GC was forced while refusing").isEqualTo(forced + 1);
        assertThat(limiter.mustRefuse()).as("used %d MiB over base", (limiter.usedHeap() - base) / MIB).isFalse();
    }

    @Test
    void theCheckerThreadFollowsRealHeapUseEveryCheckInterval() throws Exception {
        long base = usedHeapAfterGc();
        MemoryLimiterProcessor p = processor(new MemoryLimits(base + 320 * MIB, 128 * MIB), Duration.ofMillis(20));
        MetricsProcessor mp = p;
        mp.start(null);
        try {
            hold(256);
            assertThat(eventually(() -> p.limiter().mustRefuse())).as("refusing after holding 256 MiB").isTrue();
            ballast.clear();
            System.gc();
            assertThat(eventually(() -> !p.limiter().mustRefuse())).as("accepting after release").isTrue();
        } finally {
            mp.shutdown();
        }
    }

    @Test
    void pipelinesOfOneIdShareOneLimiter() {
        ConfigErrors errors = new ConfigErrors();
        MemoryLimiterConfig c = load("memory_limiter", errors);
        MemoryLimiterProcessorFactory f = new MemoryLimiterProcessorFactory();
        var a = (MemoryLimiterProcessor) f.createMetrics(ProcessorsConfigs.settings("memory_limiter", new Telemetry()),
                c, b -> { });
        var b = (MemoryLimiterProcessor) f.createTraces(ProcessorsConfigs.settings("memory_limiter", new Telemetry()),
                c, s -> { });
        assertThat(a.limiter()).isSameAs(b.limiter());
        assertThat(a.limiter().limits()).isEqualTo(new MemoryLimits(4000 * MIB, 800 * MIB));
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < until) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }
}
