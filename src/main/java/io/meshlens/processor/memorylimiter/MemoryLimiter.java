package io.meshlens.processor.memorylimiter;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the used heap every {@code check_interval} and decides whether data must be refused,
 * with the Collector's rules: above the hard limit force a GC (at most every
 * {@code min_gc_interval_when_hard_limited}); on crossing the soft limit force a GC (at most every
 * {@code min_gc_interval_when_soft_limited}) and refuse if still above; stop refusing once below
 * the soft limit. One JVM difference: while refusing, a GC is forced again every
 * {@code min_gc_interval_when_soft_limited}. One instance per component ID, shared by every pipeline that lists it, with one
 * virtual thread started by the first pipeline and stopped by the last.
 */
final class MemoryLimiter {
    private final MemoryLimits limits;
    private final long checkIntervalNanos;
    private final long minGcSoftNanos;
    private final long minGcHardNanos;
    private final Logger logger;
    private final String component;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

    private final Object checkLock = new Object();
    private volatile boolean mustRefuse;
    private long lastGcNanos;
    private boolean gcDoneOnce;
    private int forcedGcs;
    private int users;
    private Thread checker;

    MemoryLimiter(MemoryLimiterConfig config, MemoryLimits limits, Logger logger, String component) {
        this.limits = limits;
        this.checkIntervalNanos = config.checkInterval().toNanos();
        this.minGcSoftNanos = config.minGcIntervalWhenSoftLimited().toNanos();
        this.minGcHardNanos = config.minGcIntervalWhenHardLimited().toNanos();
        this.logger = logger;
        this.component = component;
        logger.info(() -> component + ": memory limiter configured: limit_mib=" + limits.hardBytes() / MemoryLimits.MIB
                + " spike_limit_mib=" + limits.spikeBytes() / MemoryLimits.MIB + " check_interval="
                + config.checkInterval());
    }

    MemoryLimits limits() {
        return limits;
    }

    boolean mustRefuse() {
        return mustRefuse;
    }

    synchronized void start() {
        if (users++ == 0) {
            checker = Thread.ofVirtual().name(component + " memory check").start(this::loop);
        }
    }

    synchronized void shutdown() {
        if (users == 0) {
            return;
        }
        if (--users == 0) {
            checker.interrupt();
            try {
                checker.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            checker = null;
        }
    }

    private void loop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(checkIntervalNanos / 1_000_000, (int) (checkIntervalNanos % 1_000_000));
                check();
            }
        } catch (InterruptedException e) {
            // shutdown
        } catch (RuntimeException e) {
            logger.log(Level.SEVERE, component + ": memory check failed", e);
        }
    }

    /** One check; called by the checker thread (and directly by tests for determinism). */
    void check() {
        synchronized (checkLock) {
            checkLocked();
        }
    }

    private void checkLocked() {
        long used = usedHeap();
        if (used >= limits.hardBytes()) {
            if (sinceLastGc() > minGcHardNanos) {
                long u = used;
                logger.warning(() -> component + ": memory usage is above hard limit, forcing a GC: cur_mem_mib="
                        + u / MemoryLimits.MIB);
                used = gcAndRead();
            }
        }
        boolean was = mustRefuse;
        boolean refuse = used >= limits.softBytes();
        if (was && refuse && sinceLastGc() > minGcSoftNanos) {
            // Unlike Go's, a JVM collector may leave garbage in the old generation for as long as
            // the heap has room (the serial collector grows it instead): without another GC the used
            // heap can stay above the soft limit, and data refused, long after the live data fell.
            used = gcAndRead();
            refuse = used >= limits.softBytes();
        }
        if (was && !refuse) {
            long u = used;
            logger.info(() -> component + ": memory usage back within limits, resuming normal operation: "
                    + "cur_mem_mib=" + u / MemoryLimits.MIB);
        }
        if (!was && refuse) {
            if (sinceLastGc() > minGcSoftNanos) {
                used = gcAndRead();
                refuse = used >= limits.softBytes();
            }
            if (refuse) {
                long u = used;
                logger.warning(() -> component + ": memory usage is above soft limit, refusing data: cur_mem_mib="
                        + u / MemoryLimits.MIB);
            }
        }
        mustRefuse = refuse;
    }

    /** Used heap in bytes, the JVM's counterpart of Go's {@code MemStats.Alloc}. */
    long usedHeap() {
        return memory.getHeapMemoryUsage().getUsed();
    }

    private long sinceLastGc() {
        return gcDoneOnce ? System.nanoTime() - lastGcNanos : Long.MAX_VALUE;
    }

    /** GCs this limiter forced (for tests). */
    int forcedGcs() {
        synchronized (checkLock) {
            return forcedGcs;
        }
    }

    private long gcAndRead() {
        System.gc();
        forcedGcs++;
        lastGcNanos = System.nanoTime();
        gcDoneOnce = true;
        long used = usedHeap();
        logger.info(() -> component + ": memory usage after GC: cur_mem_mib=" + used / MemoryLimits.MIB);
        return used;
    }
}
