package io.meshlens.textparse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A body parsed in windows of whole lines ({@link Parser#more}, {@link Parser#resume}), as a
 * scrape parses a body larger than its buffer while it arrives: the same entries, values and errors
 * (with positions counted from the body's start) as the whole body parsed at once.
 */
class ParserWindowsTest {
    private static final String TEXT_BODY = """
            # HELP a An a.
            # TYPE a counter
            a_total{x="1"} 1
            a_total{x="2"} 2 1700000000000

            # a comment
            b 3
            c{le="+Inf",q="x y"} 4
            """;
    private static final String OM_BODY = """
            # TYPE a counter
            # HELP a An a.
            a_total{x="1"} 1
            a_total{x="2"} 2 # {t="1"} 1.5
            b 3
            # EOF
            """;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** What next() gives for each entry, until EOF or an error (as its message). */
    private static List<String> whole(Format f, byte[] body) {
        List<String> out = new ArrayList<>();
        Parser p = Parser.create(f, body, 0, body.length, 0);
        try {
            Entry e;
            while ((e = p.next()) != Entry.EOF) {
                out.add(describe(p, e));
            }
        } catch (ParseException ex) {
            out.add("error " + ex.getMessage() + " @" + ex.offset());
        }
        return out;
    }

    /**
     * The same body in windows that end after a line break, chosen at random, each copied to the
     * front of a reused buffer as {@code ScrapeBody} moves what is left.
     */
    private static List<String> windowed(Format f, byte[] body, Random r) {
        List<String> out = new ArrayList<>();
        byte[] buf = new byte[body.length + 1];
        Parser p = null;
        int from = 0;
        try {
            while (true) {
                int to = from;
                List<Integer> breaks = new ArrayList<>();
                for (int i = from; i < body.length; i++) {
                    if (body[i] == '\n') {
                        breaks.add(i + 1);
                    }
                }
                boolean last = breaks.isEmpty() || r.nextInt(4) == 0;
                to = last ? body.length : breaks.get(r.nextInt(breaks.size()));
                // Leftover garbage after the window, as in a buffer whose tail holds the next line's start.
                java.util.Arrays.fill(buf, (byte) 'x');
                System.arraycopy(body, from, buf, 0, to - from);
                if (p == null) {
                    p = Parser.create(f, buf, 0, to - from, 0).more(!last);
                } else {
                    p.resume(buf, 0, to - from, !last);
                }
                Entry e;
                while ((e = p.next()) != Entry.EOF) {
                    out.add(describe(p, e));
                }
                if (last) {
                    return out;
                }
                from = to;
            }
        } catch (ParseException ex) {
            out.add("error " + ex.getMessage() + " @" + ex.offset());
            return out;
        }
    }

    private static String describe(Parser p, Entry e) {
        return switch (e) {
            case SERIES -> "series " + new String(p.seriesBytes(), StandardCharsets.UTF_8) + " " + p.value()
                    + (p.hasTimestamp() ? " @" + p.timestamp() : "") + (p.hasExemplar() ? " ex " + p.exemplarValue() : "");
            case HELP -> "help " + p.metricName() + " " + p.help();
            case TYPE -> "type " + p.metricName() + " " + p.type();
            default -> e.toString();
        };
    }

    @Test
    void bodiesInRandomWindowsParseAsWholeBodiesDoIncludingErrorPositions() {
        String[][] cases = {
            {"PROMETHEUS_TEXT", TEXT_BODY},
            {"PROMETHEUS_TEXT", TEXT_BODY + "d{x=\"1\"} nope\ne 1\n"},
            {"PROMETHEUS_TEXT", TEXT_BODY + "f 1"},               // no final line break
            {"PROMETHEUS_TEXT", TEXT_BODY + "g 1\n\u0000h{ 1\n"},  // a NUL ends the input
            {"OPENMETRICS", OM_BODY},
            {"OPENMETRICS", OM_BODY.replace("# EOF\n", "")},       // no # EOF
            {"OPENMETRICS", OM_BODY + "c 1\n"},                   // data after # EOF
            {"OPENMETRICS", OM_BODY.replace("b 3\n", "b 3\nb 4 x\n")},
        };
        Random r = new Random(3);
        for (String[] c : cases) {
            Format f = Format.valueOf(c[0]);
            byte[] body = b(c[1]);
            List<String> want = whole(f, body);
            assertThat(want).isNotEmpty();
            for (int round = 0; round < 40; round++) {
                assertThat(windowed(f, body, r)).as("%s %s", c[0], c[1]).isEqualTo(want);
            }
        }
    }

    @Test
    void anErrorInALaterWindowCountsLinesFromTheBodysStart() throws Exception {
        byte[] first = b("a 1\nb 2\n");
        byte[] second = b("c 3\nd{ 4\n");
        Parser p = Parser.text(first).more(true);
        while (p.next() != Entry.EOF) {
            // two series
        }
        p.resume(second, 0, second.length, false);
        assertThat(p.next()).isEqualTo(Entry.SERIES);
        assertThatThrownBy(p::next).isInstanceOfSatisfying(ParseException.class, e -> {
            assertThat(e.line()).isEqualTo(4);
            assertThat(e.offset()).isGreaterThanOrEqualTo(first.length + 4);
        });
    }

    @Test
    void theEndOfAWindowIsNotTheEndOfAnOpenMetricsBody() throws Exception {
        byte[] first = b("a 1\n");
        Parser p = Parser.openMetrics(first).more(true);
        assertThat(p.next()).isEqualTo(Entry.SERIES);
        assertThat(p.next()).as("more follows: no '# EOF' needed yet").isEqualTo(Entry.EOF);
        byte[] last = b("# EOF\n");
        p.resume(last, 0, last.length, false);
        assertThat(p.next()).isEqualTo(Entry.EOF);
    }
}
