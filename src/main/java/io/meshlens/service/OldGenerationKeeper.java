package io.meshlens.service;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Keeps the old generation near the live data under the serial (and parallel) collector, which
 * collect it only when it is full: until then they grow it. meshlens's objects are long-lived
 * series state plus short-lived scrape data, and whatever of the latter a young collection
 * promotes (a scrape in flight, a batch waiting to be sent) becomes old garbage that nothing
 * reclaims. At 1,000 targets that grew the old generation by ~0.5 MB/s, without bound, to the
 * maximum heap. Go (vmagent) collects when the heap has grown by a fixed ratio since the last
 * collection; this does the same for the old generation: after a young collection leaves it
 * {@code growth} times its size after the last full collection (plus {@code slackBytes}), it asks
 * for a full collection. That collection also sizes the young generation to the live data, so
 * fewer objects are promoted afterwards.
 *
 * <p>{@code System.gc()} is a stop-the-world full collection (measured: 0.6 s with 470 MB live at
 * 1,000 targets, 2.8 s with 1.5 GB at 5,000). The next one is asked for no sooner than
 * {@code pauseMultiple} times the last full collection's pause after it (at least
 * {@code minIntervalNanos}), so these pauses take at most ~1/{@code pauseMultiple} of the time.
 * That bound, rather than a fixed minute, lets the keeper follow the start-up, when the live data
 * grows from nothing: with a minute between collections the old generation of a 5,000-target
 * agent filled with 3 GB of promoted garbage in its first minute, while the young generation stayed
 * at the size the first (small) heap gave it and its collections took half the wall time
 * (docs/performance.md, "The scrape's own HTTP client"). In the steady state the old generation
 * takes minutes to grow by the ratio. G1, ZGC and Shenandoah collect their old generation
 * concurrently, so the keeper does nothing under them.
 */
final class OldGenerationKeeper implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OldGenerationKeeper.class.getName());
    /** Old pools of the collectors that let the old generation grow until full (serial, parallel). */
    private static final Set<String> OLD_POOLS = Set.of("Tenured Gen", "PS Old Gen");
    static final String GROWTH_PROPERTY = "meshlens.oldgen.growth";
    /**
     * The old generation may hold 10% (+8 MB) more than the live data before a full collection:
     * at 1,000 targets ~0.02 MB/s is promoted, so that is one ~0.4 s collection (220 MB live)
     * every ~15 minutes (at 5,000: ~2 s every ~4 minutes), while the old generation stays within
     * ~30 MB of the live data (1.25× + 16 MB left it ~70 MB over; 1.5× + 64 MB let RSS creep up by
     * ~190 MB over ~2 hours before the first one). The collection gives the freed part back to the
     * OS only when the heap may shrink that far: scripts/lib/jvm-options starts the heap small
     * (the serial collector never shrinks a generation below its initial size) and keeps at most
     * 5% of it free. docs/performance.md, "A heap that shrinks to its live data".
     */
    private static final double DEFAULT_GROWTH = 1.1;
    private static final long SLACK_BYTES = 8L << 20;

    private final Policy policy;
    private final Runnable fullGc;
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final NotificationListener listener = this::onGc;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicInteger requested = new AtomicInteger();

    /**
     * The old generation's size rule. Not thread-safe on its own; the keeper feeds it from the
     * one JMX notification thread.
     */
    static final class Policy {
        /**
         * A full collection finding the live data changed by more than this ratio since the last
         * one means it has not settled: it grows during the first round of scrapes, then shrinks
         * as that round's data in flight (bodies, batches, first requests) is let go. Growth after
         * a shrink is the steady state's data in flight (±5% at 1,000 targets), not start-up.
         */
        static final double SETTLE_LIVE_CHANGE = 1.02;
        /**
         * Once settled, the old generation holding this much more than the base is asked to be
         * collected: the base found during start-up counts the first round's data in flight
         * (~40 MB of ~260 at 1,000 targets, 30 s after start; 221 MB live at 230 s).
         */
        static final double SETTLE_OVER_BASE = 1.05;
        static final int SETTLE_YOUNG = 3;
        private final double growth;
        private final long slackBytes;
        private final long minIntervalNanos;
        private final int pauseMultiple;
        private long baseBytes;
        private long lastRequestNanos;
        private long lastPauseNanos;
        private boolean requestedOnce;
        /** The last full collection found the live data changed since the one before (start-up). */
        private boolean settling;
        /** A full collection has found less live data than the one before: start-up's growth is over. */
        private boolean fellBefore;
        private long lastYoungUsed = -1;
        private int stableYoung;
        /** Why the last request was made: the old generation settled (true) or outgrew the ratio. */
        private boolean lastForSettling;

        Policy(double growth, long slackBytes, long minIntervalNanos, int pauseMultiple) {
            this.growth = growth;
            this.slackBytes = slackBytes;
            this.minIntervalNanos = minIntervalNanos;
            this.pauseMultiple = pauseMultiple;
        }

        /** A full collection that took {@code pauseNanos} left the old generation at {@code usedBytes}: the new base. */
        void afterFullGc(long usedBytes, long pauseNanos) {
            boolean grew = usedBytes > baseBytes * SETTLE_LIVE_CHANGE;
            boolean fell = usedBytes * SETTLE_LIVE_CHANGE < baseBytes;
            settling = fell || (grew && !fellBefore);
            fellBefore |= fell;
            baseBytes = usedBytes;
            lastPauseNanos = pauseNanos;
            lastYoungUsed = -1;
            stableYoung = 0;
        }

        /**
         * Whether a young collection that left the old generation at {@code usedBytes} calls for a
         * full one: it outgrew the base by the ratio; or, after a full collection that found the
         * live data still changing (start-up), the old generation has stopped growing
         * ({@value #SETTLE_YOUNG} young collections in a row promoted under 1% of it) while holding
         * over 5% more than the base. Those collections size both generations from the settled
         * live data; without them they kept the size a collection made during the first round of
         * scrapes, with that round's data in flight and promoted garbage (docs/performance.md,
         * "Remote write's own connections" and "A heap that shrinks to its live data").
         */
        boolean afterYoungGc(long usedBytes, long nowNanos) {
            boolean outgrown = usedBytes > baseBytes * growth + slackBytes;
            if (!outgrown && !settled(usedBytes)) {
                return false;
            }
            if (requestedOnce && nowNanos - lastRequestNanos < intervalNanos()) {
                return false;
            }
            requestedOnce = true;
            lastRequestNanos = nowNanos;
            lastForSettling = !outgrown;
            settling = false; // the collection's result says whether the live data still changes
            return true;
        }

        private boolean settled(long usedBytes) {
            if (!settling) {
                return false;
            }
            stableYoung = lastYoungUsed >= 0 && usedBytes - lastYoungUsed <= usedBytes / 100 ? stableYoung + 1 : 0;
            lastYoungUsed = usedBytes;
            return stableYoung >= SETTLE_YOUNG && usedBytes > baseBytes * SETTLE_OVER_BASE;
        }

        /** For the log: why the last request was made. */
        String lastReason() {
            return lastForSettling ? "no longer growing, over 105% of the " + (baseBytes >> 20)
                    + " MB the last full collection left" : "over " + (limitBytes() >> 20) + " MB";
        }

        long limitBytes() {
            return (long) (baseBytes * growth) + slackBytes;
        }

        /** The least time between two requests: a multiple of the last full collection's pause. */
        long intervalNanos() {
            return Math.max(minIntervalNanos, lastPauseNanos * pauseMultiple);
        }
    }

    OldGenerationKeeper(Policy policy, Runnable fullGc) {
        this.policy = policy;
        this.fullGc = fullGc;
    }

    /**
     * Starts the keeper the {@value #GROWTH_PROPERTY} system property asks for (default 1.1; 0
     * turns it off), or none when the collector is not one it keeps.
     */
    static OldGenerationKeeper startDefault() {
        double growth = growth(System.getProperty(GROWTH_PROPERTY));
        if (!(growth > 0)) {
            return null;
        }
        OldGenerationKeeper k = new OldGenerationKeeper(new Policy(growth, SLACK_BYTES, 5_000_000_000L, 20), System::gc);
        return k.start() ? k : null;
    }

    /**
     * The growth ratio a {@value #GROWTH_PROPERTY} value asks for: 1.1 when unset; a value that is
     * not a number is reported and the default kept (the service is already running when this is read).
     */
    static double growth(String property) {
        if (property == null || property.isBlank()) {
            return DEFAULT_GROWTH;
        }
        try {
            return Double.parseDouble(property.strip());
        } catch (NumberFormatException e) {
            LOG.warning("-D" + GROWTH_PROPERTY + "=" + property + " is not a number; using " + DEFAULT_GROWTH);
            return DEFAULT_GROWTH;
        }
    }

    /** Listens to the collectors' notifications; false when the collector has no old pool this keeps. */
    boolean start() {
        boolean keeps = false;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            for (String pool : gc.getMemoryPoolNames()) {
                keeps |= OLD_POOLS.contains(pool);
            }
        }
        if (!keeps) {
            return false;
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter e) {
                e.addNotificationListener(listener, null, null);
                emitters.add(e);
            }
        }
        return true;
    }

    /** Full collections this keeper asked for. */
    int requested() {
        return requested.get();
    }

    private void onGc(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
        long old = oldUsedAfter(info.getGcInfo().getMemoryUsageAfterGc());
        if (old < 0) {
            return;
        }
        if (info.getGcAction().contains("major")) {
            policy.afterFullGc(old, info.getGcInfo().getDuration() * 1_000_000L);
            pending.set(false);
        } else if (policy.afterYoungGc(old, System.nanoTime()) && pending.compareAndSet(false, true)) {
            requested.incrementAndGet();
            String why = policy.lastReason();
            LOG.info(() -> "old generation at " + (old >> 20) + " MB, " + why + ": asking for a full collection");
            // Not on the notification thread: it delivers the full collection's own notification.
            Thread.ofVirtual().name("meshlens-oldgen-keeper").start(() -> {
                try {
                    fullGc.run();
                } finally {
                    pending.set(false); // also when explicit collections are disabled
                }
            });
        }
    }

    private static long oldUsedAfter(Map<String, MemoryUsage> after) {
        for (Map.Entry<String, MemoryUsage> e : after.entrySet()) {
            if (OLD_POOLS.contains(e.getKey())) {
                return e.getValue().getUsed();
            }
        }
        return -1;
    }

    @Override
    public void close() {
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(listener);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
        emitters.clear();
    }
}
