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
    void sweepGivesBackArenaSpaceTheKeysDoNotNeedAndKeepsThemReadable() {
        SeriesCache<String> c = new SeriesCache<>();
        for (int i = 0; i < 2_000; i++) {
            put(c, "series_with_a_longer_name{i=\"" + i + "\"}", "v" + i, 1);
        }
        int used = 0;
        for (int i = 0; i < 2_000; i++) {
            used += b("series_with_a_longer_name{i=\"" + i + "\"}").length;
        }
        c.sweep(2, 10); // nothing idle: only the growth overshoot goes
        assertThat(c.keys().length).isBetween(used, used + used / 4);
        int trimmed = c.keys().length;
        c.sweep(3, 10);
        assertThat(c.keys()).as("a steady cache is not copied again").hasSize(trimmed);
        for (int i = 0; i < 2_000; i += 7) {
            assertThat(get(c, "series_with_a_longer_name{i=\"" + i + "\"}", 3)).isEqualTo("v" + i);
        }
        put(c, "after_trim", "x", 3);
        assertThat(get(c, "after_trim", 3)).isEqualTo("x");
        assertThat(get(c, "series_with_a_longer_name{i=\"1999\"}", 3)).isEqualTo("v1999");
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
