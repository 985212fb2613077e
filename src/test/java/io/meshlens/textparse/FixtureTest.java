package io.meshlens.textparse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The saved Linkerd proxy exposition parses completely, in both formats, with the expected shape. */
class FixtureTest {

    static byte[] fixture() throws IOException {
        try (InputStream in = FixtureTest.class.getResourceAsStream("/textparse/linkerd-proxy.txt")) {
            return in.readAllBytes();
        }
    }

    record Counts(int series, int help, int type, int unit, int comment, Map<String, Integer> perName, List<String> comments) {
    }

    static Counts count(Parser p) throws ParseException {
        int series = 0;
        int help = 0;
        int type = 0;
        int unit = 0;
        int comment = 0;
        Map<String, Integer> perName = new HashMap<>();
        List<String> comments = new ArrayList<>();
        Entry e;
        while ((e = p.next()) != Entry.EOF) {
            switch (e) {
                case SERIES -> {
                    series++;
                    perName.merge(p.metricName(), 1, Integer::sum);
                }
                case HELP -> help++;
                case TYPE -> type++;
                case UNIT -> unit++;
                case COMMENT -> {
                    comment++;
                    comments.add(p.comment());
                }
                default -> throw new AssertionError(e);
            }
        }
        return new Counts(series, help, type, unit, comment, perName, comments);
    }

    @Test
    void parsesAsTextLikeLinkerdServesIt() throws Exception {
        byte[] body = fixture();
        Counts c = count(Parser.forContentType("text/plain", body, 0, body.length));
        assertThat(c.help()).isEqualTo(163);
        assertThat(c.type()).isEqualTo(163);
        assertThat(c.series()).isEqualTo(1374);
        // In text 0.0.4 the prometheus-client block's UNIT lines and the trailer are comments.
        assertThat(c.unit()).isZero();
        assertThat(c.comment()).isEqualTo(54);
        assertThat(c.comments()).filteredOn(s -> s.startsWith("# UNIT ")).hasSize(53);
        assertThat(c.comments()).last().isEqualTo("# EOF");
    }

    @Test
    void parsesAsOpenMetricsWithUnits() throws Exception {
        byte[] body = fixture();
        Counts c = count(Parser.forContentType("application/openmetrics-text; version=1.0.0", body, 0, body.length));
        assertThat(c.help()).isEqualTo(163);
        assertThat(c.unit()).isEqualTo(53);
        assertThat(c.comment()).isZero();
        assertThat(c.series()).isEqualTo(1374);
    }

    @Test
    void legacyLatencyHistogramsHave26BucketsWithLeLast() throws Exception {
        Parser p = Parser.text(fixture());
        Map<String, Integer> perName = count(Parser.text(fixture())).perName();
        assertThat(perName.get("response_latency_ms_bucket")).isEqualTo(26 * perName.get("response_latency_ms_count"));
        assertThat(perName.get("control_response_latency_ms_bucket")).isEqualTo(26 * 3);
        while (p.next() != Entry.EOF) {
            if (p.entry() == Entry.SERIES && p.metricName().equals("response_latency_ms_bucket")) {
                LabelCursor c = p.labels();
                String last = null;
                while (c.next()) {
                    last = c.name();
                }
                assertThat(last).isEqualTo("le");
            }
        }
    }

    @Test
    void prometheusClientCounterTypeNamesTheBaseWhileSamplesEndInTotal() throws Exception {
        Parser p = Parser.text(fixture());
        List<String> seen = new ArrayList<>();
        while (p.next() != Entry.EOF) {
            if ((p.entry() == Entry.TYPE || p.entry() == Entry.SERIES) && p.metricName().startsWith("process_cpu_seconds")) {
                seen.add(p.entry() + " " + p.metricName() + (p.entry() == Entry.TYPE ? " " + p.type() : ""));
            }
        }
        assertThat(seen).containsExactly("TYPE process_cpu_seconds COUNTER", "SERIES process_cpu_seconds_total");
    }

    @Test
    void fixtureIsTheGeneratorsFirstScrapeOfABusyPod() throws Exception {
        assertThat(new LinkerdExposition(LinkerdExposition.Params.busyPod()).renderBytes(0)).isEqualTo(fixture());
    }
}
