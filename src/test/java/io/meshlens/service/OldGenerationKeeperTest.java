package io.meshlens.service;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.NotificationEmitter;

import static org.assertj.core.api.Assertions.assertThat;

class OldGenerationKeeperTest {
    private static final long MB = 1 << 20;

    @Test
    void asksForAFullCollectionOnceTheOldGenerationOutgrowsItsBaseByTheRatio() {
        OldGenerationKeeper.Policy p = new OldGenerationKeeper.Policy(1.5, 64 * MB, 60_000_000_000L, 20);
        p.afterFullGc(100 * MB, 0);
        assertThat(p.afterYoungGc(200 * MB, 0)).isFalse(); // limit 1.5 × 100 + 64 = 214 MB
        assertThat(p.afterYoungGc(215 * MB, 1_000_000_000L)).isTrue();
    }

    @Test
    void asksAtMostOncePerInterval() {
        OldGenerationKeeper.Policy p = new OldGenerationKeeper.Policy(1.5, 64 * MB, 60_000_000_000L, 20);
        p.afterFullGc(100 * MB, 0);
        assertThat(p.afterYoungGc(300 * MB, 0)).isTrue();
        assertThat(p.afterYoungGc(300 * MB, 59_000_000_000L)).isFalse();
        assertThat(p.afterYoungGc(300 * MB, 60_000_000_000L)).isTrue();
    }

    @Test
    void theIntervalIsAMultipleOfTheLastFullCollectionsPauseAndNoLessThanTheFloor() {
        OldGenerationKeeper.Policy p = new OldGenerationKeeper.Policy(1.5, 64 * MB, 5_000_000_000L, 20);
        p.afterFullGc(100 * MB, 100_000_000L); // 0.1 s pause: 20 × 0.1 s is below the 5 s floor
        assertThat(p.afterYoungGc(300 * MB, 0)).isTrue();
        assertThat(p.afterYoungGc(300 * MB, 4_999_000_000L)).isFalse();
        assertThat(p.afterYoungGc(300 * MB, 5_000_000_000L)).isTrue();
        p.afterFullGc(200 * MB, 2_000_000_000L); // 2 s pause: 40 s until the next request
        assertThat(p.afterYoungGc(400 * MB, 44_999_000_000L)).isFalse();
        assertThat(p.afterYoungGc(400 * MB, 45_000_000_000L)).isTrue();
    }

    @Test
    void whenTheLiveDataStopsGrowingAfterStartUpItAsksOnceMoreThenKeepsToTheRatio() {
        OldGenerationKeeper.Policy p = new OldGenerationKeeper.Policy(1.5, 64 * MB, 5_000_000_000L, 20);
        p.afterFullGc(160 * MB, 100_000_000L);
        p.afterFullGc(300 * MB, 300_000_000L); // live data still growing: +88%
        long t = 10_000_000_000L;
        // Promotion goes on (the first round of scrapes), then stops: three young collections in a
        // row promote under 1%, and the old generation holds over 10% more than the base.
        assertThat(p.afterYoungGc(380 * MB, t)).isFalse();
        assertThat(p.afterYoungGc(450 * MB, t += 13_000_000_000L)).isFalse();
        assertThat(p.afterYoungGc(476 * MB, t += 13_000_000_000L)).isFalse();
        assertThat(p.afterYoungGc(477 * MB, t += 13_000_000_000L)).isFalse();
        assertThat(p.afterYoungGc(477 * MB, t += 13_000_000_000L)).isFalse();
        assertThat(p.afterYoungGc(478 * MB, t += 13_000_000_000L)).isTrue(); // under the 514 MB ratio limit
        p.afterFullGc(306 * MB, 400_000_000L); // +2%, not more: settled
        for (int i = 0; i < 10; i++) {
            assertThat(p.afterYoungGc(430 * MB, t += 13_000_000_000L)).isFalse();
        }
        assertThat(p.afterYoungGc(524 * MB, t + 13_000_000_000L)).isTrue(); // the ratio, as before
    }

    @Test
    void aStartUpBaseThatCountedTheFirstRoundInFlightIsCollectedOnceThePromotionStops() {
        // As measured at 1,000 targets: full collections during the first round found 255 then
        // 264 MB (+3.5%: still growing), while 221 MB were live once that round's data was let go.
        OldGenerationKeeper.Policy p = new OldGenerationKeeper.Policy(1.1, 8 * MB, 5_000_000_000L, 20);
        p.afterFullGc(255 * MB, 350_000_000L);
        p.afterFullGc(264 * MB, 360_000_000L);
        long t = 40_000_000_000L;
        assertThat(p.afterYoungGc(266 * MB, t)).isFalse();
        assertThat(p.afterYoungGc(272 * MB, t += 12_000_000_000L)).isFalse(); // still promoting >1%
        assertThat(p.afterYoungGc(274 * MB, t += 12_000_000_000L)).isFalse();
        assertThat(p.afterYoungGc(276 * MB, t += 12_000_000_000L)).isFalse();
        assertThat(p.afterYoungGc(277 * MB, t += 12_000_000_000L)).isFalse(); // third under 1%, not 5% over 264
        assertThat(p.afterYoungGc(278 * MB, t += 12_000_000_000L)).isTrue(); // under the 298 MB ratio limit
        p.afterFullGc(230 * MB, 370_000_000L); // 13% less: the first round's data let go, not settled yet
        for (int i = 0; i < 3; i++) {
            assertThat(p.afterYoungGc(241 * MB, t += 12_000_000_000L)).isFalse(); // not 5% over 230
        }
        assertThat(p.afterYoungGc(242 * MB, t += 12_000_000_000L)).isTrue();
        p.afterFullGc(216 * MB, 370_000_000L); // 6% less: still settling
        for (int i = 0; i < 3; i++) {
            assertThat(p.afterYoungGc(227 * MB, t += 12_000_000_000L)).isFalse();
        }
        assertThat(p.afterYoungGc(228 * MB, t += 12_000_000_000L)).isTrue();
        // 6% more: the data in flight at that moment, after the live data has fallen once: settled
        p.afterFullGc(229 * MB, 370_000_000L);
        for (int i = 0; i < 10; i++) {
            assertThat(p.afterYoungGc(259 * MB, t += 12_000_000_000L)).isFalse();
        }
        assertThat(p.afterYoungGc(260 * MB, t + 12_000_000_000L)).isTrue(); // 1.1 × 229 + 8
    }

    @Test
    void aSettledOldGenerationNearItsBaseIsNotCollected() {
        OldGenerationKeeper.Policy p = new OldGenerationKeeper.Policy(1.5, 64 * MB, 0, 20);
        p.afterFullGc(100 * MB, 0);
        p.afterFullGc(300 * MB, 0);
        for (int i = 0; i < 10; i++) {
            assertThat(p.afterYoungGc(314 * MB, i)).isFalse(); // stable, but under 5% over the base
        }
    }

    @Test
    void theGrowthPropertyDefaultsTo1Point1AndABadValueKeepsTheDefault() {
        assertThat(OldGenerationKeeper.growth(null)).isEqualTo(1.1);
        assertThat(OldGenerationKeeper.growth(" 2 ")).isEqualTo(2.0);
        assertThat(OldGenerationKeeper.growth("0")).isZero();
        assertThat(OldGenerationKeeper.growth("lots")).isEqualTo(1.1);
    }

    @Test
    void aFullCollectionMovesTheBase() {
        OldGenerationKeeper.Policy p = new OldGenerationKeeper.Policy(1.5, 64 * MB, 0, 20);
        p.afterFullGc(300 * MB, 0);
        assertThat(p.afterYoungGc(500 * MB, 0)).isFalse(); // limit 514 MB
        assertThat(p.afterYoungGc(515 * MB, 1)).isTrue();
    }

    /**
     * A JVM under the serial collector whose short-lived objects outgrow a small survivor space, so
     * young collections promote garbage: the keeper asks for full collections, and they happen.
     */
    @Test
    void underTheSerialCollectorPromotedGarbageLeadsToFullCollections() throws Exception {
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:+UseSerialGC", "-Xmx256m", "-Xmn24m", "-cp", System.getProperty("java.class.path"),
                Probe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertThat(p.exitValue()).as(out).isZero();
            String[] f = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
            int requested = Integer.parseInt(f[0].substring("requested=".length()));
            int explicit = Integer.parseInt(f[1].substring("explicit=".length()));
            assertThat(requested).as(out).isPositive();
            assertThat(explicit).as(out).isPositive();
        } finally {
            p.destroyForcibly();
        }
    }

    /** The forked JVM's program: a rolling window of 256 KB arrays, each alive for a few young collections. */
    public static final class Probe {
        public static void main(String[] args) throws IOException, InterruptedException {
            AtomicInteger explicit = new AtomicInteger();
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                            (javax.management.openmbean.CompositeData) n.getUserData());
                    if (info.getGcCause().equals("System.gc()")) {
                        explicit.incrementAndGet();
                    }
                }, null, null);
            }
            OldGenerationKeeper keeper = new OldGenerationKeeper(new OldGenerationKeeper.Policy(1.5, 8 * MB, 0, 20), System::gc);
            if (!keeper.start()) {
                throw new IllegalStateException("no serial old generation");
            }
            byte[][] window = new byte[64][];
            for (int i = 0; i < 8_000; i++) {
                window[i % window.length] = new byte[256 * 1024];
                if (i % 1000 == 999) {
                    Thread.sleep(50); // let notifications and the requested collection run
                }
            }
            Thread.sleep(200);
            keeper.close();
            System.out.println("requested=" + keeper.requested() + " explicit=" + explicit.get());
        }
    }
}
