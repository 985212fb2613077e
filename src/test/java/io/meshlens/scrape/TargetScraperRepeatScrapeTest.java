package io.meshlens.scrape;

import io.meshlens.model.DataPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Repeat scrapes of a target, where {@link TargetScraper} matches each line against the series
 * the previous scrape had at that place and parses only the value: the result must be exactly
 * what a full parse gives — values with the right series, stale markers, errors, limits.
 */
class TargetScraperRepeatScrapeTest {
    private static final String TEXT = "text/plain; version=0.0.4";
    private static final String OM = "application/openmetrics-text; version=1.0.0";

    @TempDir
    Path dir;
    private long now = 1_700_000_000_000L;

    private TargetScraper scraper(String extraConfig) throws Exception {
        return TestScrapers.forJob(dir, extraConfig);
    }

    private TargetScraper scraper() throws Exception {
        return scraper("");
    }

    private MetricBatch scrape(TargetScraper s, String body, String contentType) throws ScrapeException {
        return s.process(ScrapeBody.of(body.getBytes(StandardCharsets.UTF_8), contentType), now += 1000, 0.01);
    }

    /** Every number point of the batch but scrape_duration_seconds: "name{attributes}" → value, or "stale". */
    private static Map<String, String> points(MetricBatch b) {
        Map<String, String> out = new TreeMap<>();
        b.resources().stream().flatMap(r -> r.scopes().stream()).flatMap(s -> s.metrics().stream())
                .filter(m -> !m.name().equals("scrape_duration_seconds"))
                .forEach(m -> {
                    DataPoints p = m.points();
                    for (int i = 0; i < p.size(); i++) {
                        String v = p.noRecordedValue(i) ? "stale"
                                : p instanceof NumberPoints n ? String.valueOf(n.value(i)) : "point";
                        out.put(m.name() + p.attributes(i), v);
                    }
                });
        return out;
    }

    private static double synthetic(MetricBatch b, String name) {
        Metric m = b.resources().stream().flatMap(r -> r.scopes().stream()).flatMap(s -> s.metrics().stream())
                .filter(x -> x.name().equals(name)).findFirst().orElseThrow();
        return m.numberPoints().value(0);
    }

    @Test
    void aScrapedBodyIsNotKeptByTheTargetAfterTheScrape() throws Exception {
        // The body goes back to the pool or the GC; the target's parser must not pin it (it pinned
        // 32 MB hub-proxy buffers the pool had dropped).
        TargetScraper s = scraper();
        ScrapeBody body = ScrapeBody.of("# TYPE a gauge\na{x=\"1\"} 1\nb{y=\"2\"} 2\n".getBytes(StandardCharsets.UTF_8), TEXT);
        java.lang.ref.WeakReference<byte[]> ref = new java.lang.ref.WeakReference<>(body.bytes());
        s.process(body, now += 1000, 0.01);
        body = null;
        for (int i = 0; i < 10 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(ref.get()).isNull();
    }

    @Test
    void secondScrapeResolvesNoSeriesAgain() throws Exception {
        // Every family's metadata is new in the first scrape; none of it changes how a series
        // resolved earlier in that scrape resolves, so scrape two resolves nothing.
        TargetScraper s = scraper();
        String body = "# HELP a A.\n# TYPE a gauge\na{x=\"1\"} 1\n# TYPE h histogram\nh_bucket{le=\"1\"} 1\n"
                + "h_bucket{le=\"+Inf\"} 2\nh_sum 3\nh_count 2\n# TYPE b counter\n# UNIT b bytes\nb_total 7\nuntyped 3\n";
        scrape(s, body, TEXT);
        assertThat(s.resolutions()).isEqualTo(7);
        scrape(s, body, TEXT);
        assertThat(s.resolutions()).isEqualTo(7);
    }

    @Test
    void metadataForANameASeriesMissedResolvesItAgain() throws Exception {
        // foo_total first resolves without metadata (a gauge); a later TYPE line for foo (the
        // name its lookup fell back to) makes it a counter, even though foo is new to the store.
        TargetScraper s = scraper();
        scrape(s, "foo_total 1\n", TEXT);
        scrape(s, "foo_total 2\n# TYPE foo counter\nbar 1\n", TEXT);
        scrape(s, "foo_total 3\n# TYPE foo counter\nbar 1\n", TEXT);
        MetricBatch c = scrape(s, "foo_total 4\n# TYPE foo counter\nbar 1\n", TEXT);
        Metric foo = c.resources().get(0).scopes().get(0).metrics().stream()
                .filter(m -> m.name().equals("foo_total")).findFirst().orElseThrow();
        assertThat(foo.type()).isEqualTo(io.meshlens.model.MetricType.SUM);
    }

    @Test
    void identicalScrapeGivesTheSameSeriesAndAddsNone() throws Exception {
        TargetScraper s = scraper();
        String body = "# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 2\n# TYPE b counter\nb_total 7\n";
        Map<String, String> first = points(scrape(s, body, TEXT));
        MetricBatch second = scrape(s, body, TEXT);
        first.remove("scrape_series_added{}");
        assertThat(points(second)).containsAllEntriesOf(first).hasSize(first.size() + 1);
        assertThat(synthetic(second, "scrape_series_added")).isZero();
        assertThat(synthetic(second, "scrape_samples_scraped")).isEqualTo(3);
    }

    @Test
    void newValuesGoToTheirSeries() throws Exception {
        TargetScraper s = scraper();
        scrape(s, "# TYPE a gauge\na{x=\"1\"} 1\na{x=\"2\"} 2\n", TEXT);
        assertThat(points(scrape(s, "# TYPE a gauge\na{x=\"1\"} 10\na{x=\"2\"} 20.5\n", TEXT)))
                .containsEntry("a{x=1}", "10.0").containsEntry("a{x=2}", "20.5");
    }

    @Test
    void insertedRemovedAndReorderedLinesKeepEachValueWithItsSeries() throws Exception {
        TargetScraper s = scraper();
        Random r = new Random(7);
        List<String> universe = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            universe.add("g{peer=\"p" + i + "\",dir=\"" + dir(i) + "\"}");
        }
        List<String> previous = List.of();
        for (int round = 0; round < 200; round++) {
            List<String> lines = new ArrayList<>(universe.subList(0, 30));
            switch (round % 4) {
                case 0 -> { } // the same series in the same order
                case 1 -> lines.remove(r.nextInt(lines.size()));
                case 2 -> lines.add(r.nextInt(lines.size()), universe.get(30 + r.nextInt(10)));
                default -> Collections.swap(lines, r.nextInt(lines.size()), r.nextInt(lines.size()));
            }
            if (round % 10 == 9) {
                Collections.shuffle(lines, r);
            }
            StringBuilder body = new StringBuilder("# TYPE g gauge\n");
            Map<String, String> expected = new TreeMap<>();
            for (String line : lines) {
                int v = r.nextInt(1000);
                body.append(line).append(' ').append(v).append('\n');
                expected.put(key(line), v + ".0");
            }
            Map<String, String> got = new TreeMap<>(points(scrape(s, body.toString(), TEXT)));
            got.keySet().removeIf(k -> !k.startsWith("g{"));
            for (String gone : previous) {
                expected.putIfAbsent(key(gone), "stale");
            }
            assertThat(got).as("round %d", round).isEqualTo(expected);
            previous = lines;
        }
    }

    private static String dir(int i) {
        return i % 2 == 0 ? "in" : "out";
    }

    /** The point key of a line {@code g{peer="pN",dir="D"}}: attributes sorted by name. */
    private static String key(String line) {
        int i = Integer.parseInt(line.substring(line.indexOf("\"p") + 2, line.indexOf("\",")));
        return "g{dir=" + dir(i) + ", peer=p" + i + "}";
    }

    @Test
    void repeatedMetadataLinesStillDescribeTheirFamilies() throws Exception {
        TargetScraper s = scraper();
        String om = "# TYPE a_seconds histogram\n# UNIT a_seconds seconds\n# HELP a_seconds How \\\"long\\\".\n"
                + "a_seconds_bucket{le=\"1\"} 1\na_seconds_bucket{le=\"+Inf\"} 2\na_seconds_sum 1.5\na_seconds_count 2\n"
                + "# TYPE b gauge\n# HELP b B.\nb 1\n# EOF\n";
        for (int i = 0; i < 3; i++) {
            MetricBatch batch = scrape(s, om, OM);
            Metric a = metric(batch, "a_seconds");
            assertThat(a.type().toString()).isEqualTo("HISTOGRAM");
            assertThat(a.unit()).isEqualTo("seconds");
            assertThat(a.description()).isEqualTo("How \"long\".");
            assertThat(metric(batch, "b").description()).isEqualTo("B.");
        }
        // The same lines in another order, and one changed, still apply.
        String moved = "# TYPE b counter\n# HELP b B.\nb_total 1\n# TYPE a_seconds histogram\n# UNIT a_seconds seconds\n"
                + "# HELP a_seconds How \\\"long\\\".\na_seconds_bucket{le=\"+Inf\"} 2\na_seconds_sum 1.5\na_seconds_count 2\n# EOF\n";
        MetricBatch batch = scrape(s, moved, OM);
        assertThat(metric(batch, "b_total").type().toString()).isEqualTo("SUM");
        assertThat(metric(batch, "a_seconds").description()).isEqualTo("How \"long\".");
    }

    @Test
    void metadataLinesSkippedOnceSettledStillSeeEveryChange() throws Exception {
        // After a scrape that changed no metadata, the same lines in the same order are not applied
        // again; a changed line, and the lines after it, are.
        TargetScraper s = scraper();
        String body = "# HELP a First.\n# TYPE a gauge\na 1\n# HELP b B.\n# TYPE b gauge\nb 1\n";
        String changed = body.replace("# HELP b B.", "# HELP b Changed.").replace("# TYPE b gauge", "# TYPE b counter");
        String[] sequence = {body, body, body, changed, changed, body, body, body};
        String[] wantB = {"B.", "B.", "B.", "Changed.", "Changed.", "B.", "B.", "B."};
        for (int i = 0; i < sequence.length; i++) {
            MetricBatch batch = scrape(s, sequence[i], TEXT);
            assertThat(metric(batch, "a").description()).isEqualTo("First.");
            assertThat(metric(batch, "b").description()).as("scrape %d", i).isEqualTo(wantB[i]);
            assertThat(metric(batch, "b").type().toString()).as("scrape %d", i)
                    .isEqualTo(wantB[i].equals("B.") ? "GAUGE" : "SUM");
        }
        // A line that differs from the last scrape's, and every line after it, are applied: here
        // an inserted TYPE changes b, and the predicted TYPE after it must change it back.
        TargetScraper u = scraper();
        String settled = "# TYPE b gauge\nb 1\n";
        for (int i = 0; i < 3; i++) {
            assertThat(metric(scrape(u, settled, TEXT), "b").type().toString()).isEqualTo("GAUGE");
        }
        MetricBatch inserted = scrape(u, "# TYPE b counter\nb_total 5\n# TYPE b gauge\nb 1\n", TEXT);
        assertThat(metric(inserted, "b_total").type().toString()).isEqualTo("SUM");
        assertThat(metric(inserted, "b").type().toString()).isEqualTo("GAUGE");
        // A name typed twice in one page changes the store twice on every scrape: it never
        // settles, and every scrape reads as the first did.
        TargetScraper t = scraper();
        String twice = "# TYPE c counter\nc_total 1\n# TYPE c gauge\nc 2\n";
        for (int i = 0; i < 4; i++) {
            MetricBatch batch = scrape(t, twice, TEXT);
            assertThat(metric(batch, "c_total").type().toString()).as("scrape %d", i).isEqualTo("SUM");
            assertThat(metric(batch, "c").type().toString()).as("scrape %d", i).isEqualTo("GAUGE");
        }
    }

    private static Metric metric(MetricBatch b, String name) {
        return b.resources().stream().flatMap(r -> r.scopes().stream()).flatMap(x -> x.metrics().stream())
                .filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void changedLabelValueOfTheSameLengthIsAnotherSeries() throws Exception {
        TargetScraper s = scraper();
        scrape(s, "# TYPE a gauge\na{x=\"1\",y=\"q\"} 1\n", TEXT);
        MetricBatch b = scrape(s, "# TYPE a gauge\na{x=\"2\",y=\"q\"} 5\n", TEXT);
        assertThat(points(b)).containsEntry("a{x=2, y=q}", "5.0").containsEntry("a{x=1, y=q}", "stale");
        assertThat(synthetic(b, "scrape_series_added")).isEqualTo(1);
    }

    @Test
    void seriesThatStartsLikeThePreviousOneIsNotTakenForIt() throws Exception {
        // Each second line begins with the bytes of the series the first scrape had there.
        String[][] cases = {
            {"foo_bar 1\n", "foo_bar_baz 2\n", "foo_bar_baz{}", "foo_bar{}"},
            {"foo 1\n", "foo {y=\"1\"} 2\n", "foo{y=1}", "foo{}"},
            {"foo 1\n", "foo\t{y=\"1\"} 2\n", "foo{y=1}", "foo{}"},
            {"a{x=\"1\"} 1\n", "a{x=\"1\",y=\"2\"} 2\n", "a{x=1, y=2}", "a{x=1}"},
        };
        for (String[] c : cases) {
            TargetScraper s = scraper();
            scrape(s, c[0], TEXT);
            assertThat(points(scrape(s, c[1], TEXT))).as(c[1]).containsEntry(c[2], "2.0").containsEntry(c[3], "stale");
        }
        // A value glued to the series is the same series.
        TargetScraper s = scraper();
        scrape(s, "bar{x=\"1\"} 1\n", TEXT);
        assertThat(points(scrape(s, "bar{x=\"1\"}4\n", TEXT))).containsEntry("bar{x=1}", "4.0");
    }

    @Test
    void malformedValueAfterAnIdenticalSeriesFailsAsOnAFirstScrape() throws Exception {
        String good = "# TYPE a_total counter\na_total{x=\"1\"} 1\na_total{x=\"2\"} 2\n";
        for (String bad : new String[] {
            "# TYPE a_total counter\na_total{x=\"1\"} 1\na_total{x=\"2\"} 2x\n",
            "# TYPE a_total counter\na_total{x=\"1\"} 1 12a\na_total{x=\"2\"} 2\n",
            "# TYPE a_total counter\na_total{x=\"1\"} \na_total{x=\"2\"} 2\n"}) {
            String expected = failure(scraper(), bad, TEXT);
            TargetScraper s = scraper();
            scrape(s, good, TEXT);
            assertThat(failure(s, bad, TEXT)).isEqualTo(expected);
            // The next good scrape is whole again.
            assertThat(points(scrape(s, good, TEXT))).containsEntry("a_total{x=1}", "1.0").containsEntry("a_total{x=2}", "2.0");
        }
        String goodOm = "# TYPE a counter\na_total{x=\"1\"} 1 # {t=\"1\"} 1\n# EOF\n";
        String badOm = "# TYPE a counter\na_total{x=\"1\"} 1 # {t=\"1\"} z\n# EOF\n";
        TargetScraper s = scraper();
        scrape(s, goodOm, OM);
        assertThat(failure(s, badOm, OM)).isEqualTo(failure(scraper(), badOm, OM));
    }

    /** A page of {@code n} histogram-like series lines (~100 bytes each) with values from {@code v}. */
    private static String bigPage(int n, int v) {
        StringBuilder sb = new StringBuilder("# HELP big A family.\n# TYPE big counter\n");
        for (int i = 0; i < n; i++) {
            sb.append("big_total{direction=\"outbound\",dst_pod=\"pod-").append(i)
                    .append("\",dst_namespace=\"shop\",tls=\"true\"} ").append(v + i).append('\n');
        }
        return sb.toString();
    }

    /**
     * Scrapes {@code page} as a scrape loop reads a body: into a pooled buffer, parsed as it arrives
     * when it does not fit. A streamer's failure is the scrape's failure, as the connection code unwraps it.
     */
    private MetricBatch streamed(TargetScraper s, String page, String contentType) throws ScrapeException {
        long t = now += 1000;
        ScrapeBody body = ScrapeBody.borrow(0);
        int capacity = body.capacity();
        s.receive(body, t);
        body.reset(contentType);
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        try {
            for (int off = 0; off < bytes.length; ) {
                byte[] a = body.ensure(ScrapeBody.READ_CHUNK);
                int n = Math.min(bytes.length - off, Math.min(ScrapeBody.READ_CHUNK, a.length - body.length()));
                System.arraycopy(bytes, off, a, body.length(), n);
                body.advance(n);
                off += n;
            }
            assertThat(body.received()).isEqualTo(bytes.length);
            assertThat(body.capacity()).as("read through the buffer it was lent").isEqualTo(capacity);
            return s.process(body, t, 0.01);
        } catch (ScrapeBody.StreamFailed e) {
            throw e.scrapeException();
        } finally {
            ScrapeBody.giveBack(body);
        }
    }

    @Test
    void aBodyParsedAsItArrivesGivesTheBatchOfTheWholeBody() throws Exception {
        TargetScraper whole = scraper();
        TargetScraper parts = scraper();
        for (int round = 0; round < 3; round++) {
            // ~1.6 MB: many windows of the 64 KB buffer; the second and third rounds take the predicted path.
            String page = bigPage(16_000, round * 7);
            MetricBatch want = scrape(whole, page, TEXT);
            MetricBatch got = streamed(parts, page, TEXT);
            assertThat(points(got).equals(points(want))).as("same points").isTrue();
            assertThat(points(got)).hasSize(16_000 + 4);
            assertThat(synthetic(got, "scrape_samples_scraped")).isEqualTo(16_000);
        }
    }

    @Test
    void aMalformedLineInAnEarlyWindowFailsTheScrapeWithItsLineAndKeepsNoneOfItsSamples() throws Exception {
        String good = bigPage(16_000, 0);
        String bad = good.replace("dst_pod=\"pod-100\",dst_namespace=\"shop\",tls=\"true\"} 100",
                "dst_pod=\"pod-100\",dst_namespace=\"shop\",tls=\"true\"} 1x0");
        assertThat(bad).isNotEqualTo(good);
        TargetScraper s = scraper();
        streamed(s, good, TEXT);
        String expected = failure(scraper(), bad, TEXT);
        assertThat(expected).startsWith("line 103,");
        assertThatThrownBy(() -> streamed(s, bad, TEXT)).isInstanceOf(ScrapeException.class).hasMessage(expected);
        MetricBatch failed = s.failed(now, 0.01);
        assertThat(synthetic(failed, "up")).isZero();
        assertThat(points(failed).entrySet().stream().filter(e -> e.getKey().startsWith("big_total"))
                .map(Map.Entry::getValue)).as("every series of the last good scrape ends, none is half-updated")
                .hasSize(16_000).containsOnly("stale");
        String next = bigPage(16_000, 5);
        Map<String, String> after = points(streamed(s, next, TEXT));
        Map<String, String> fresh = points(scrape(scraper(), next, TEXT));
        after.keySet().removeIf(k -> !k.startsWith("big_total"));
        fresh.keySet().removeIf(k -> !k.startsWith("big_total"));
        assertThat(after.equals(fresh)).as("the next scrape is whole again").isTrue();
    }

    @Test
    void seriesValidatedInOneFormatIsValidatedAgainInTheOther() throws Exception {
        // Blanks around '=' are fine in text 0.0.4 and an error in OpenMetrics.
        String text = "a{x = \"1\"} 1\n";
        String om = "a{x = \"1\"} 1\n# EOF\n";
        TargetScraper s = scraper();
        scrape(s, text, TEXT);
        scrape(s, text, TEXT);
        assertThat(failure(s, om, OM)).isEqualTo(failure(scraper(), om, OM));
        // OpenMetrics exemplar syntax is not a text 0.0.4 line.
        String withExemplar = "a_total{x=\"1\"} 1 # {t=\"1\"} 1\n# EOF\n";
        TargetScraper t = scraper();
        scrape(t, withExemplar, OM);
        scrape(t, withExemplar, OM);
        assertThat(failure(t, withExemplar, TEXT)).isEqualTo(failure(scraper(), withExemplar, TEXT));
        // And a series valid in both keeps its values across the switch.
        TargetScraper u = scraper();
        scrape(u, "a{x=\"1\"} 1\n", TEXT);
        assertThat(points(scrape(u, "a{x=\"1\"} 2\n# EOF\n", OM))).containsEntry("a{x=1}", "2.0");
        assertThat(points(scrape(u, "a{x=\"1\"} 3\n", TEXT))).containsEntry("a{x=1}", "3.0");
    }

    @Test
    void escapedLabelValuesKeepTheirDecodedValue() throws Exception {
        TargetScraper s = scraper();
        String line = "a{x=\"q\\\"u\\\\o\\nte\",y=\"\u00e9\"} ";
        scrape(s, line + "1\n", TEXT);
        Map<String, String> p = points(scrape(s, line + "2\n", TEXT));
        assertThat(p).containsEntry("a{x=q\"u\\o\nte, y=\u00e9}", "2.0");
    }

    @Test
    void limitsRelabelingAndTargetLabelConflictsHoldOnRepeatScrapes() throws Exception {
        TargetScraper s = scraper("""
                sample_limit: 2
                metric_relabel_configs:
                  - source_labels: [__name__]
                    regex: dropped
                    action: drop
                """);
        String two = "kept{job=\"exposed\"} 1\ndropped 1\nkept2 1\n";
        for (int i = 0; i < 3; i++) {
            MetricBatch b = scrape(s, two, TEXT);
            assertThat(points(b)).containsEntry("kept{exported_job=exposed}", "1.0").containsEntry("kept2{}", "1.0")
                    .doesNotContainKey("dropped{}");
            assertThat(synthetic(b, "scrape_samples_post_metric_relabeling")).isEqualTo(2);
        }
        String three = two + "kept3 1\n";
        for (int i = 0; i < 3; i++) {
            assertThat(failure(s, three, TEXT)).isEqualTo("sample limit exceeded");
        }
    }

    private String failure(TargetScraper s, String body, String contentType) {
        try {
            scrape(s, body, contentType);
        } catch (ScrapeException e) {
            s.failed(now, 0.01);
            return e.getMessage();
        }
        throw new AssertionError("scrape of " + body + " did not fail");
    }
}
