package io.meshlens.textparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Parser#nextIfSeries}: a line matched by the fingerprint of a series seen before yields exactly
 * what {@link Parser#next()} yields for it — entries, values, timestamps, exemplars and errors;
 * {@link Parser#skipLine} passes over exactly one identical line.
 */
class NextIfSeriesTest {
    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Parser parser(Format f, String body) {
        byte[] bytes = b(body);
        return Parser.create(f, bytes, 0, bytes.length, 0);
    }

    private static boolean match(Parser p, String key) throws ParseException {
        return match(p, b(key));
    }

    /** As a scrape cache asks: by the fingerprint and length of the key's bytes. */
    private static boolean match(Parser p, byte[] key) throws ParseException {
        SeriesHash.Fingerprint f = new SeriesHash.Fingerprint().of(key, 0, key.length);
        return p.nextIfSeries(key.length, f.low(), f.high());
    }

    @Test
    void matchedLineGivesValueAndTimestampButNoLabels() throws Exception {
        Parser p = parser(Format.PROMETHEUS_TEXT, "a{x=\"1\"} 2.5 1700000000000\n");
        assertThat(match(p, "a{x=\"1\"}")).isTrue();
        assertThat(p.entry()).isEqualTo(Entry.SERIES);
        assertThat(p.value()).isEqualTo(2.5);
        assertThat(p.hasTimestamp()).isTrue();
        assertThat(p.timestamp()).isEqualTo(1_700_000_000_000L);
        assertThat(p.metricName()).isEqualTo("a");
        assertThat(new String(p.buffer(), p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.UTF_8))
                .isEqualTo("a{x=\"1\"}");
        assertThatThrownBy(p::labels).isInstanceOf(IllegalStateException.class);
        assertThat(p.next()).isEqualTo(Entry.EOF);
    }

    @Test
    void otherLinesAreLeftForNext() throws Exception {
        String[] keys = {"a{x=\"1\"}", "a", "a_b", "b"};
        for (String body : new String[] {"# TYPE a gauge\n", "\na 1\n", "a_b 1\n", "a{x=\"2\"} 1\n", "a{x=\"1\"}1\n",
            "a {x=\"1\"} 1\n", "a\t{x=\"1\"} 1\n", " a 1\n", "", "a"}) {
            for (String key : keys) {
                Parser fast = parser(Format.PROMETHEUS_TEXT, body);
                if (match(fast, key)) {
                    continue;
                }
                // Nothing moved: next() sees the line as a fresh parser does.
                assertThat(observe(fast, Integer.MAX_VALUE)).as("%s / %s", body, key)
                        .isEqualTo(observe(parser(Format.PROMETHEUS_TEXT, body), Integer.MAX_VALUE));
            }
        }
        // A key without labels never swallows a labelled series written with a blank before '{'.
        Parser p = parser(Format.PROMETHEUS_TEXT, "a {x=\"1\"} 1\n");
        assertThat(match(p, "a")).isFalse();
        assertThat(p.next()).isEqualTo(Entry.SERIES);
        assertThat(p.labels().next()).isTrue();
    }

    @Test
    void malformedRestOfAMatchedLineFailsAsNextDoes() {
        String[][] cases = {
            {"PROMETHEUS_TEXT", "a{x=\"1\"} 1x\n", "a{x=\"1\"}"},
            {"PROMETHEUS_TEXT", "a{x=\"1\"} 1 17x\n", "a{x=\"1\"}"},
            {"PROMETHEUS_TEXT", "a 1 2 3\n", "a"},
            {"PROMETHEUS_TEXT", "a{x=\"1\"} \n", "a{x=\"1\"}"},
            {"OPENMETRICS", "a_total{x=\"1\"} 1 # {t=\"1\"} x\n# EOF\n", "a_total{x=\"1\"}"},
            {"OPENMETRICS", "a{x=\"1\"} 1 # {t=\"1\"} 1\n# EOF\n", "a{x=\"1\"}"},
            {"OPENMETRICS", "a{x=\"1\"} 1  2\n# EOF\n", "a{x=\"1\"}"},
            {"OPENMETRICS", "a{x=\"1\"} 1", "a{x=\"1\"}"},
        };
        for (String[] c : cases) {
            Format f = Format.valueOf(c[0]);
            ParseException slow = catchParse(() -> parser(f, c[1]).next());
            Parser p = parser(f, c[1]);
            ParseException fast = catchParse(() -> match(p, c[2]));
            assertThat(slow).as(c[1]).isNotNull();
            assertThat(fast).as(c[1]).isNotNull();
            assertThat(describe(fast)).isEqualTo(describe(slow));
        }
    }

    @Test
    void skipLinePassesOnlyAnIdenticalWholeLine() throws Exception {
        Parser p = parser(Format.PROMETHEUS_TEXT, "# HELP a x\n# HELP a xy\n# HELP a x");
        assertThat(p.skipLine(b("# HELP a x"), 0, 10)).isTrue();
        assertThat(p.skipLine(b("# HELP a x"), 0, 10)).isFalse();
        assertThat(p.next()).isEqualTo(Entry.HELP);
        assertThat(p.help()).isEqualTo("xy");
        // The last line has no line break: left to next().
        assertThat(p.skipLine(b("# HELP a x"), 0, 10)).isFalse();
        assertThat(p.next()).isEqualTo(Entry.HELP);
        assertThat(p.next()).isEqualTo(Entry.EOF);
    }

    @Test
    void openMetricsExemplarAndTimestampAreRead() throws Exception {
        Parser p = parser(Format.OPENMETRICS, "a_total{x=\"1\"} 3 1.5 # {t=\"z\"} 2 1.25\n# EOF\n");
        assertThat(match(p, "a_total{x=\"1\"}")).isTrue();
        assertThat(p.value()).isEqualTo(3);
        assertThat(p.timestamp()).isEqualTo(1500);
        assertThat(p.hasExemplar()).isTrue();
        assertThat(p.exemplarValue()).isEqualTo(2);
        assertThat(p.exemplarTimestamp()).isEqualTo(1250);
        LabelCursor c = p.exemplarLabels();
        assertThat(c.next()).isTrue();
        assertThat(c.value()).isEqualTo("z");
        assertThat(p.next()).isEqualTo(Entry.EOF);
    }

    /**
     * Differential: the Linkerd fixture, mutated (bytes flipped, inserted, deleted, duplicated,
     * truncated; digits changed as new values would), is parsed once with next() only and once
     * predicting each line from the unmutated body's series order, as a scrape loop does. Both
     * must observe the same entries and fail with the same error.
     */
    @Test
    void predictedParseObservesWhatAPlainParseObserves() throws Exception {
        byte[] fixture = FixtureTest.fixture();
        Random r = new Random(20261206);
        int matched = 0;
        for (int i = 0; i < 3_000; i++) {
            Format f = i % 2 == 0 ? Format.PROMETHEUS_TEXT : Format.OPENMETRICS;
            int start = lineStartAtOrAfter(fixture, r.nextInt(fixture.length - 8192));
            int stop = lineStartAtOrAfter(fixture, start + 256 + r.nextInt(6000));
            byte[] base = Arrays.copyOfRange(fixture, start, stop);
            if (f == Format.OPENMETRICS) {
                base = concat(base, b("# EOF\n"));
            }
            Order order = order(Parser.create(f, base, 0, base.length, 0));
            byte[] input = r.nextInt(4) == 0 ? changeDigits(r, base, 1 + r.nextInt(20))
                    : FuzzTest.mutate(r, changeDigits(r, base, r.nextInt(5)), 1 + r.nextInt(4));
            int limit = r.nextInt(3) == 0 ? 64 + r.nextInt(512) : 0;
            List<String> plain = observe(Parser.create(f, input, 0, input.length, limit), Integer.MAX_VALUE);
            Predicted predicted = observePredicted(Parser.create(f, input, 0, input.length, limit), order);
            assertThat(predicted.seen).as("%s input:%n%s", f, new String(input, StandardCharsets.ISO_8859_1)).isEqualTo(plain);
            matched += predicted.matched;
        }
        // Sanity: most lines did take the matching path.
        assertThat(matched).isGreaterThan(5_000);
    }

    private static int lineStartAtOrAfter(byte[] b, int i) {
        while (i < b.length && i > 0 && b[i - 1] != '\n') {
            i++;
        }
        return Math.min(i, b.length);
    }

    private static byte[] concat(byte[] a, byte[] c) {
        byte[] out = Arrays.copyOf(a, a.length + c.length);
        System.arraycopy(c, 0, out, a.length, c.length);
        return out;
    }

    private static byte[] changeDigits(Random r, byte[] in, int n) {
        byte[] out = in.clone();
        for (int k = 0; k < n && out.length > 0; k++) {
            int at = r.nextInt(out.length);
            if (out[at] >= '0' && out[at] <= '9') {
                out[at] = (byte) ('0' + r.nextInt(10));
            }
        }
        return out;
    }

    /** A body's series keys in order, and its metadata lines in order with what next() observed for each. */
    record Order(List<byte[]> series, List<byte[]> meta, Map<String, String> metaSeen) {
    }

    private static Order order(Parser p) throws ParseException {
        Order o = new Order(new ArrayList<>(), new ArrayList<>(), new HashMap<>());
        while (p.next() != Entry.EOF) {
            if (p.entry() == Entry.SERIES) {
                o.series.add(p.seriesBytes());
            } else if (p.entry() != Entry.COMMENT) {
                byte[] line = Arrays.copyOfRange(p.buffer(), p.lineStart(), p.textEnd());
                o.meta.add(line);
                o.metaSeen.put(new String(line, StandardCharsets.ISO_8859_1), describe(p));
            }
        }
        return o;
    }

    record Predicted(List<String> seen, int matched) {
    }

    /**
     * Parses as a scrape loop with series and metadata caches does: skip the predicted metadata
     * line or match the predicted series, else next() and resynchronize.
     */
    private static Predicted observePredicted(Parser p, Order o) {
        List<byte[]> order = o.series;
        Map<String, Integer> place = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            place.put(new String(order.get(i), StandardCharsets.ISO_8859_1), i);
        }
        List<String> seen = new ArrayList<>();
        int next = 0;
        int nextMeta = 0;
        int matched = 0;
        try {
            for (;;) {
                if (nextMeta < o.meta.size()) {
                    byte[] line = o.meta.get(nextMeta);
                    if (p.skipLine(line, 0, line.length)) {
                        seen.add(o.metaSeen.get(new String(line, StandardCharsets.ISO_8859_1)));
                        nextMeta++;
                        matched++;
                        continue;
                    }
                }
                if (next < order.size()) {
                    byte[] key = order.get(next);
                    if (match(p, key)) {
                        seen.add(describe(p));
                        next++;
                        matched++;
                        continue;
                    }
                }
                if (p.next() == Entry.EOF) {
                    break;
                }
                seen.add(describe(p));
                if (p.entry() == Entry.SERIES) {
                    Integer at = place.get(new String(p.seriesBytes(), StandardCharsets.ISO_8859_1));
                    if (at != null) {
                        next = at + 1;
                    }
                } else if (p.entry() != Entry.COMMENT) {
                    String line = new String(p.buffer(), p.lineStart(), p.textEnd() - p.lineStart(), StandardCharsets.ISO_8859_1);
                    for (int i = 0; i < o.meta.size(); i++) {
                        if (new String(o.meta.get(i), StandardCharsets.ISO_8859_1).equals(line)) {
                            nextMeta = i + 1;
                            break;
                        }
                    }
                }
            }
        } catch (ParseException e) {
            seen.add(describe(e));
        }
        return new Predicted(seen, matched);
    }

    private static List<String> observe(Parser p, int max) {
        List<String> seen = new ArrayList<>();
        try {
            while (seen.size() < max && p.next() != Entry.EOF) {
                seen.add(describe(p));
            }
        } catch (ParseException e) {
            seen.add(describe(e));
        }
        return seen;
    }

    /** Everything an entry exposes except its labels (which the matching path leaves unread by design). */
    private static String describe(Parser p) {
        StringBuilder sb = new StringBuilder(p.entry().name()).append(' ');
        byte[] b = p.buffer();
        switch (p.entry()) {
            case SERIES -> {
                sb.append(new String(b, p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.ISO_8859_1))
                        .append(" name=").append(p.metricName())
                        .append(" v=").append(Long.toHexString(Double.doubleToRawLongBits(p.value())))
                        .append(p.hasTimestamp() ? " ts=" + p.timestamp() : "");
                if (p.hasExemplar()) {
                    sb.append(" ex=").append(p.exemplarValue())
                            .append(p.exemplarHasTimestamp() ? "@" + p.exemplarTimestamp() : "");
                    LabelCursor c = p.exemplarLabels();
                    while (c.next()) {
                        sb.append(' ').append(c.name()).append('=').append(c.value());
                    }
                }
            }
            case EOF -> {
            }
            case COMMENT -> sb.append(p.comment());
            default -> sb.append(p.metricName()).append(' ')
                    .append(new String(b, p.textStart(), p.textEnd() - p.textStart(), StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }

    private static String describe(ParseException e) {
        return "error " + e.getMessage() + " line " + e.line() + " column " + e.column();
    }

    interface ParseCall {
        Object run() throws ParseException;
    }

    private static ParseException catchParse(ParseCall c) {
        try {
            c.run();
            return null;
        } catch (ParseException e) {
            return e;
        }
    }
}
