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

    private static SeriesHash.Fingerprint fp(byte[] b, int off, int len) {
        return new SeriesHash.Fingerprint().of(b, off, len);
    }

    private static String get(SeriesCache<String> c, String key, int epoch) {
        byte[] k = b(key);
        SeriesHash.Fingerprint f = fp(k, 0, k.length);
        return c.get(f.low(), f.high(), k.length, epoch);
    }

    private static int find(SeriesCache<String> c, String key, int epoch) {
        byte[] k = b(key);
        SeriesHash.Fingerprint f = fp(k, 0, k.length);
        return c.find(f.low(), f.high(), k.length, epoch);
    }

    private static int put(SeriesCache<String> c, String key, String v, int epoch) {
        byte[] k = b(key);
        SeriesHash.Fingerprint f = fp(k, 0, k.length);
        return c.put(f.low(), f.high(), k.length, v, epoch);
    }

    @Test
    void findsTheBytesOfAKeyInsideALargerBufferAndNoOtherBytes() {
        SeriesCache<String> c = new SeriesCache<>();
        byte[] body = b("xx up{job=\"a\"} 1\n");
        SeriesHash.Fingerprint f = fp(body, 3, 11);
        c.put(f.low(), f.high(), 11, "v", 1);
        assertThat(get(c, "up{job=\"a\"}", 1)).isEqualTo("v");
        assertThat(get(c, "up{job=\"b\"}", 1)).isNull();
        assertThat(get(c, "up{job=\"a\"} ", 1)).isNull();
    }

    @Test
    void keepsTheFingerprintAndLengthOfEachEntryAndNoKeyBytes() {
        SeriesCache<String> c = new SeriesCache<>();
        byte[] k = b("response_total{direction=\"inbound\",le=\"10\"}");
        int e = put(c, new String(k, StandardCharsets.UTF_8), "v", 1);
        SeriesHash.Fingerprint f = fp(k, 0, k.length);
        assertThat(c.low(e)).isEqualTo(f.low());
        assertThat(c.high(e)).isEqualTo(f.high());
        assertThat(c.keyLength(e)).isEqualTo(k.length);
        assertThat(put(c, new String(k, StandardCharsets.UTF_8), "w", 2)).as("same bytes, same entry").isEqualTo(e);
        assertThat(c.value(e)).isEqualTo("w");
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
    void everyEntryKeepsItsKeyAndValueThroughSweepsThatRenumberThem() {
        java.util.Random r = new java.util.Random(42);
        SeriesCache<String> c = new SeriesCache<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            String k = "h_bucket{a=\"" + (i / 10) + "\",le=\"" + r.nextInt(100) + "\",z=\"é\"}";
            if (!keys.contains(k)) {
                keys.add(k);
                put(c, k, k, 1);
            }
        }
        for (int round = 0; round < 3; round++) {
            int ep = 10 * (round + 1);
            // Drop a random third (all in the last round), then every key left must still be found.
            for (String k : keys) {
                if (r.nextInt(3) > 0 && round < 2) {
                    get(c, k, ep);
                }
            }
            c.sweep(ep, 5);
            keys.removeIf(k -> get(c, k, ep) == null);
            assertThat(c.size()).isEqualTo(keys.size());
            for (String k : keys) {
                int e = find(c, k, ep);
                assertThat(c.value(e)).isEqualTo(k);
                byte[] kb = b(k);
                assertThat(c.keyLength(e)).isEqualTo(kb.length);
                assertThat(c.low(e)).isEqualTo(fp(kb, 0, kb.length).low());
            }
        }
        assertThat(c.size()).isZero();
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
            if (want >= 0 && c.value(want).equals(key)) {
                c.touch(want, epoch);
                c.recordPredicted();
                continue;
            }
            int e = find(c, key, epoch);
            if (e < 0) {
                e = put(c, key, key, epoch);
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
