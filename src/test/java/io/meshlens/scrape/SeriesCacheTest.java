package io.meshlens.scrape;

import io.meshlens.textparse.SeriesHash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SeriesCacheTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String get(SeriesCache<String> c, String key, int epoch) {
        byte[] k = b(key);
        return c.get(k, 0, k.length, SeriesHash.hash(k, 0, k.length), epoch);
    }

    private static void put(SeriesCache<String> c, String key, String v, int epoch) {
        byte[] k = b(key);
        c.put(k, 0, k.length, SeriesHash.hash(k, 0, k.length), v, epoch);
    }

    @Test
    void findsByExactBytesInsideALargerBuffer() {
        SeriesCache<String> c = new SeriesCache<>();
        byte[] body = b("xx up{job=\"a\"} 1\n");
        c.put(body, 3, 11, SeriesHash.hash(body, 3, 11), "v", 1);
        assertThat(get(c, "up{job=\"a\"}", 1)).isEqualTo("v");
        assertThat(get(c, "up{job=\"b\"}", 1)).isNull();
        assertThat(get(c, "up{job=\"a\"} ", 1)).isNull();
    }

    @Test
    void keepsManyEntriesThroughGrowth() {
        SeriesCache<String> c = new SeriesCache<>();
        for (int i = 0; i < 20_000; i++) {
            put(c, "m{i=\"" + i + "\"}", "v" + i, 1);
        }
        assertThat(c.size()).isEqualTo(20_000);
        for (int i = 0; i < 20_000; i += 997) {
            assertThat(get(c, "m{i=\"" + i + "\"}", 1)).isEqualTo("v" + i);
        }
    }

    @Test
    void keysAreStoredFrontCodedAndSweepGivesBackSpaceTheyDoNotNeed() {
        SeriesCache<String> c = new SeriesCache<>();
        int whole = 0;
        for (int i = 0; i < 2_000; i++) {
            put(c, "series_with_a_longer_name{i=\"" + i + "\"}", "v" + i, 1);
            whole += b("series_with_a_longer_name{i=\"" + i + "\"}").length;
        }
        assertThat(c.arenaUsed()).as("shared prefixes are stored once per run of keys").isLessThan(whole / 3);
        c.sweep(2, 10); // nothing idle: only the growth overshoot goes
        int used = c.arenaUsed();
        assertThat(c.arenaCapacity()).isBetween(used, Math.max(4096, used + used / 4));
        int trimmed = c.arenaCapacity();
        c.sweep(3, 10);
        assertThat(c.arenaCapacity()).as("a steady cache is not copied again").isEqualTo(trimmed);
        for (int i = 0; i < 2_000; i += 7) {
            assertThat(get(c, "series_with_a_longer_name{i=\"" + i + "\"}", 3)).isEqualTo("v" + i);
        }
        put(c, "after_trim", "x", 3);
        assertThat(get(c, "after_trim", 3)).isEqualTo("x");
        assertThat(get(c, "series_with_a_longer_name{i=\"1999\"}", 3)).isEqualTo("v1999");
    }

    @Test
    void reservedArenaTakesAFirstScrapeWithoutGrowingAndTrimGivesTheRestBack() {
        SeriesCache<String> c = new SeriesCache<>();
        c.reserve(200_000);
        assertThat(c.arenaCapacity()).isEqualTo(200_000);
        for (int i = 0; i < 2_000; i++) {
            put(c, "series_with_a_longer_name{i=\"" + i + "\"}", "v" + i, 1);
        }
        assertThat(c.arenaCapacity()).as("no growth copies").isEqualTo(200_000);
        c.trim();
        int used = c.arenaUsed();
        assertThat(c.arenaCapacity()).isBetween(used, Math.max(4096, used + used / 4));
        c.reserve(500_000);
        assertThat(c.arenaCapacity()).as("only an empty cache is re-sized").isLessThan(500_000);
        c.trim();
        for (int i = 0; i < 2_000; i += 7) {
            assertThat(get(c, "series_with_a_longer_name{i=\"" + i + "\"}", 1)).isEqualTo("v" + i);
        }
    }

    @Test
    void everyKeyReadsBackWhateverOrderItIsAskedIn() {
        java.util.Random r = new java.util.Random(42);
        SeriesCache<String> c = new SeriesCache<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            // Runs of similar keys (bucket lines), a prefix of the previous key, an extension, unrelated keys.
            String k = switch (r.nextInt(4)) {
                case 0 -> "h_bucket{a=\"" + (i / 10) + "\",le=\"" + r.nextInt(100) + "\"}";
                case 1 -> keys.isEmpty() ? "x" : keys.getLast().substring(0, Math.max(1, keys.getLast().length() - 3)) + i;
                case 2 -> keys.isEmpty() ? "y" : keys.getLast() + "_" + i;
                default -> "m" + r.nextInt(1_000_000) + "{z=\"é\"}";
            };
            if (keys.contains(k)) {
                continue;
            }
            keys.add(k);
            put(c, k, k, 1);
        }
        for (int round = 0; round < 3; round++) {
            int ep = 10 * (round + 1);
            List<Integer> idx = new ArrayList<>();
            for (int e = 0; e < c.size(); e++) {
                idx.add(e);
            }
            if (round > 0) {
                java.util.Collections.shuffle(idx, r);
            }
            for (int e : idx) {
                String v = c.value(e);
                byte[] k = c.key(e);
                assertThat(new String(k, 0, c.keyLength(e), StandardCharsets.UTF_8)).isEqualTo(v);
            }
            // Drop a random third, then all keys left must still be found and read back.
            for (String k : keys) {
                if (r.nextInt(3) > 0 || round == 2) {
                    get(c, k, ep);
                }
            }
            c.sweep(ep, 5);
            keys.removeIf(k -> get(c, k, ep) == null);
            assertThat(c.size()).isEqualTo(keys.size());
            for (String k : keys) {
                assertThat(get(c, k, ep)).isEqualTo(k);
            }
        }
    }

    @Test
    void sweepRemovesOnlyEntriesIdleTooLong() {
        SeriesCache<String> c = new SeriesCache<>();
        for (int i = 0; i < 100; i++) {
            put(c, "s" + i, "v" + i, 1);
        }
        for (int i = 0; i < 100; i += 2) {
            assertThat(get(c, "s" + i, 5)).isEqualTo("v" + i);
        }
        c.sweep(5, 2);
        assertThat(c.size()).isEqualTo(50);
        assertThat(get(c, "s1", 5)).isNull();
        assertThat(get(c, "s98", 5)).isEqualTo("v98");
        put(c, "s1", "again", 6);
        assertThat(get(c, "s1", 6)).isEqualTo("again");
    }

    @Test
    void sweepRemovingOnlyTheLastEntriesKeepsTheOthersReadable() {
        SeriesCache<String> c = new SeriesCache<>();
        put(c, "a", "1", 1);
        put(c, "b", "2", 1);
        get(c, "a", 4);
        c.sweep(4, 1);
        assertThat(get(c, "a", 4)).isEqualTo("1");
        assertThat(get(c, "b", 4)).isNull();
        put(c, "c", "3", 4);
        assertThat(get(c, "c", 4)).isEqualTo("3");
    }

    /** Records one scrape of these keys (each found or added) and returns what was predicted before each. */
    private static List<String> scrape(SeriesCache<String> c, int epoch, String... keys) {
        List<String> predicted = new ArrayList<>();
        c.beginOrder();
        for (String key : keys) {
            int want = c.predicted();
            predicted.add(want < 0 ? null : c.value(want));
            byte[] k = b(key);
            long h = SeriesHash.hash(k, 0, k.length);
            if (want >= 0 && c.value(want).equals(key)) {
                c.touch(want, epoch);
                c.recordPredicted();
                continue;
            }
            int e = c.find(k, 0, k.length, h, epoch);
            if (e < 0) {
                e = c.put(k, 0, k.length, h, key, epoch);
            }
            c.record(e);
        }
        return predicted;
    }

    @Test
    void entryArraysAreCutToTheSeriesCountAfterAScrapeAndPredictionsSurviveIt() {
        SeriesCache<String> c = new SeriesCache<>();
        String[] keys = new String[1100]; // past one doubling: 1,024 → 2,048 entries
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "s{i=\"" + i + "\"}";
        }
        scrape(c, 1, keys);
        assertThat(c.entryCapacity()).isEqualTo(2048);
        c.trim();
        int trimmed = c.entryCapacity();
        assertThat(trimmed).isBetween(1100, 1100 + 1100 / 4);
        assertThat(scrape(c, 2, keys)).as("the order survives the cut").containsExactly(keys);
        c.trim();
        assertThat(c.entryCapacity()).as("a steady cache is not copied again").isEqualTo(trimmed);
        put(c, "new", "n", 2);
        assertThat(get(c, "new", 2)).isEqualTo("n");
        assertThat(get(c, keys[1099], 2)).isEqualTo(keys[1099]);
    }

    @Test
    void predictsEachEntryFromThePreviousScrapesOrder() {
        SeriesCache<String> c = new SeriesCache<>();
        assertThat(scrape(c, 1, "a", "b", "c", "d")).containsExactly(null, null, null, null);
        assertThat(scrape(c, 2, "a", "b", "c", "d")).containsExactly("a", "b", "c", "d");
        // Removed b: after the miss at c, the prediction resumes after c. Inserted x: stays at d.
        assertThat(scrape(c, 3, "a", "c", "x", "d")).containsExactly("a", "b", "d", "d");
        // Moved: d (last before) first, then the rest follows the previous order again.
        assertThat(scrape(c, 4, "d", "a", "c", "x")).containsExactly("a", null, "c", "x");
    }

    @Test
    void aSeriesPrintedTwiceIsPredictedAtBothPlaces() {
        SeriesCache<String> c = new SeriesCache<>();
        scrape(c, 1, "a", "b", "a", "c");
        assertThat(scrape(c, 2, "a", "b", "a", "c")).containsExactly("a", "b", "a", "c");
    }

    @Test
    void predictionSurvivesASweepThatRenumbersEntries() {
        SeriesCache<String> c = new SeriesCache<>();
        scrape(c, 1, "old", "gone");
        scrape(c, 2, "a", "b");
        c.sweep(3, 1);
        assertThat(c.size()).isEqualTo(2);
        assertThat(scrape(c, 3, "a", "b")).containsExactly("a", "b");
        c.forgetOrder();
        assertThat(scrape(c, 4, "a", "b")).containsExactly(null, null);
    }
}
