package io.meshlens.scrape;

import io.meshlens.textparse.Entry;
import io.meshlens.textparse.Format;
import io.meshlens.textparse.Parser;
import io.meshlens.textparse.SeriesHash;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetaLinesTest {
    /** Reads every metadata line of {@code body} as TargetScraper does: predicted lines by bytes, the rest looked up. */
    private static List<MetaLines.Line> scrape(MetaLines m, Format f, String body, int[] lookups) throws Exception {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        Parser p = Parser.create(f, b, 0, b.length, 0);
        m.begin();
        List<MetaLines.Line> out = new ArrayList<>();
        for (;;) {
            MetaLines.Line want = m.predicted();
            if (want != null && p.skipLine(want.bytes(), 0, want.bytes().length)) {
                m.recordPredicted();
                out.add(want);
                continue;
            }
            Entry e = p.next();
            if (e == Entry.EOF) {
                return out;
            }
            if (e == Entry.TYPE || e == Entry.HELP || e == Entry.UNIT) {
                int off = p.lineStart();
                int len = Math.max(p.textEnd(), p.nameEnd()) - off;
                lookups[0]++;
                out.add(m.lookup(p, b, off, len, SeriesHash.hash(b, off, len), MetaLinesTest::decode));
            }
        }
    }

    private static MetaLines.Line decode(Parser p, byte[] bytes) {
        return switch (p.entry()) {
            case TYPE -> new MetaLines.Line(Entry.TYPE, p.metricName(), p.type(), null, bytes);
            case HELP -> new MetaLines.Line(Entry.HELP, p.metricName(), null, p.help(), bytes);
            default -> new MetaLines.Line(Entry.UNIT, p.metricName(), null, p.unit(), bytes);
        };
    }

    @Test
    void targetsPrintingTheSameLinesShareOneDecodedCopy() throws Exception {
        String body = "# HELP shared_a_total A shared.\n# TYPE shared_a_total counter\nshared_a_total 1\n"
                + "# HELP shared_b B shared.\n# TYPE shared_b gauge\nshared_b 2\n";
        List<MetaLines.Line> one = scrape(new MetaLines(), Format.PROMETHEUS_TEXT, body, new int[1]);
        List<MetaLines.Line> two = scrape(new MetaLines(), Format.PROMETHEUS_TEXT, body, new int[1]);
        assertThat(one).hasSize(4);
        for (int i = 0; i < one.size(); i++) {
            assertThat(two.get(i)).isSameAs(one.get(i));
        }
        assertThat(one.get(0).text()).isEqualTo("A shared.");
        assertThat(one.get(1).type()).isEqualTo(io.meshlens.textparse.FamilyType.COUNTER);
    }

    @Test
    void theSameBytesMeanWhatTheirFormatSays() throws Exception {
        // Text format 0.0.4 HELP escapes only \\ and \n; OpenMetrics also \".
        String line = "# HELP quoted_help_x say \\\"hi\\\"\n";
        MetaLines.Line text = scrape(new MetaLines(), Format.PROMETHEUS_TEXT, line + "quoted_help_x 1\n", new int[1]).get(0);
        MetaLines.Line om = scrape(new MetaLines(), Format.OPENMETRICS, line + "quoted_help_x 1\n# EOF\n", new int[1])
                .get(0);
        assertThat(text.text()).isEqualTo("say \\\"hi\\\"");
        assertThat(om.text()).isEqualTo("say \"hi\"");
    }

    @Test
    void aRepeatScrapeIsPredictedAndAnInsertedOrRemovedLineDoesNotLoseThePrediction() throws Exception {
        MetaLines m = new MetaLines();
        String a = "# TYPE pred_a gauge\npred_a 1\n";
        String b = "# TYPE pred_b gauge\npred_b 1\n";
        String c = "# TYPE pred_c gauge\npred_c 1\n";
        int[] lookups = new int[1];
        scrape(m, Format.PROMETHEUS_TEXT, a + b + c, lookups);
        assertThat(lookups[0]).isEqualTo(3);
        lookups[0] = 0;
        scrape(m, Format.PROMETHEUS_TEXT, a + b + c, lookups);
        assertThat(lookups[0]).as("every line predicted").isZero();

        String inserted = "# TYPE pred_new gauge\npred_new 1\n";
        List<MetaLines.Line> got = scrape(m, Format.PROMETHEUS_TEXT, a + inserted + b + c, lookups);
        assertThat(lookups[0]).as("only the new line, b and c predicted again").isEqualTo(1);
        assertThat(got).extracting(MetaLines.Line::name).containsExactly("pred_a", "pred_new", "pred_b", "pred_c");

        lookups[0] = 0;
        got = scrape(m, Format.PROMETHEUS_TEXT, a + b + c, lookups);
        assertThat(lookups[0]).as("a line gone: the prediction resumes after the next one").isEqualTo(1);
        assertThat(got).extracting(MetaLines.Line::name).containsExactly("pred_a", "pred_b", "pred_c");

        lookups[0] = 0;
        got = scrape(m, Format.PROMETHEUS_TEXT, c + a, lookups);
        assertThat(got).extracting(MetaLines.Line::name).containsExactly("pred_c", "pred_a");
        lookups[0] = 0;
        scrape(m, Format.PROMETHEUS_TEXT, c + a, lookups);
        assertThat(lookups[0]).isZero();
    }
}
