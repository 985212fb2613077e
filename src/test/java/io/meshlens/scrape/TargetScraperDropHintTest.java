package io.meshlens.scrape;

import io.meshlens.component.MetricsDropHint;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.ScopeMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The receiver side of filter pushdown: families the pipeline drops are left out and recorded as skipped. */
class TargetScraperDropHintTest {
    @TempDir
    Path dir;

    final List<String> asked = new ArrayList<>();
    long now = 1_700_000_000_000L;

    /** Drops "b" and the synthetic scrape_* series, unless b's HELP says "keep". */
    final MetricsDropHint hint = h -> {
        asked.add(h.name() + "|" + h.description());
        return (h.name().equals("b") && !h.description().equals("keep")) || h.name().startsWith("scrape_");
    };

    MetricBatch scrape(TargetScraper s, String body) throws Exception {
        return s.process(ScrapeBody.of(body.getBytes(StandardCharsets.UTF_8), "text/plain; version=0.0.4"),
                now += 1000, 0.01);
    }

    static List<String> names(MetricBatch b) {
        List<String> out = new ArrayList<>();
        for (ResourceMetrics rm : b.resources()) {
            for (ScopeMetrics sm : rm.scopes()) {
                sm.metrics().forEach(m -> out.add(m.name()));
            }
        }
        return out;
    }

    static List<String> skipped(MetricBatch b) {
        List<String> out = new ArrayList<>();
        for (int i = 0; b.hasSkipped() && i < b.skipped().size(); i++) {
            Metric h = b.skipped().header(i);
            out.add(h.name() + "=" + b.skipped().points(i));
        }
        return out;
    }

    @Test
    void droppedFamiliesAreLeftOutCountedAndAskedAgainOnlyWhenTheirMetadataChanges() throws Exception {
        TargetScraper s = TestScrapers.forJob(dir, "", hint);
        String body = "# HELP b the b\n# TYPE b gauge\nb{x=\"1\"} 1\nb{x=\"2\"} 2\n# TYPE a_total counter\na_total 5\n";
        MetricBatch first = scrape(s, body);
        assertThat(names(first)).containsExactly("a_total", "up");
        assertThat(skipped(first)).containsExactly("b=2", "scrape_duration_seconds=1", "scrape_samples_scraped=1",
                "scrape_samples_post_metric_relabeling=1", "scrape_series_added=1");
        assertThat(first.pointCountWithSkipped()).isEqualTo(3 + 5);
        int askedOnce = asked.size();

        MetricBatch second = scrape(s, body);
        assertThat(asked).as("verdicts are memoized per family").hasSize(askedOnce);
        assertThat(skipped(second)).contains("b=2");

        // b's HELP changes: asked again, now kept. Its points start now: the series that went away
        // while b was dropped gets no stale marker (a dropped family keeps no labels to send one with).
        MetricBatch third = scrape(s, "# HELP b keep\n# TYPE b gauge\nb{x=\"1\"} 1\n# TYPE a_total counter\na_total 6\n");
        assertThat(asked).contains("b|keep");
        assertThat(names(third)).contains("b");
        assertThat(metric(third, "b").pointCount()).isEqualTo(1);
        assertThat(skipped(third)).doesNotContain("b=1", "b=2");
    }

    static Metric metric(MetricBatch batch, String name) {
        return batch.resources().getFirst().scopes().getFirst().metrics().stream()
                .filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aDroppedFamilyIsCountedWithTheStaleMarkersItWouldHaveHad() throws Exception {
        TargetScraper s = TestScrapers.forJob(dir, "", hint);
        String histogram = "# TYPE b histogram\n"
                + "b_bucket{x=\"1\",le=\"1\"} 1\nb_bucket{x=\"1\",le=\"+Inf\"} 2\nb_sum{x=\"1\"} 3\nb_count{x=\"1\"} 2\n"
                + "b_bucket{x=\"2\",le=\"1\"} 1\nb_bucket{x=\"2\",le=\"+Inf\"} 2\nb_sum{x=\"2\"} 3\nb_count{x=\"2\"} 2\n";
        String onlyX1 = histogram.lines().filter(l -> !l.contains("x=\"2\"")).map(l -> l + "\n")
                .reduce("", String::concat);
        assertThat(skipped(scrape(s, histogram))).contains("b=2");
        assertThat(skipped(scrape(s, onlyX1))).as("x=1 now, x=2 stale").contains("b=2");
        assertThat(skipped(scrape(s, onlyX1))).contains("b=1");
        assertThat(skipped(scrape(s, histogram))).as("x=2 is back").contains("b=2");

        // The same counts without pushdown, where the points are built and then filtered.
        TargetScraper plain = TestScrapers.forJob(dir, "", null);
        now -= 4000;
        assertThat(metric(scrape(plain, histogram), "b").pointCount()).isEqualTo(2);
        assertThat(metric(scrape(plain, onlyX1), "b").pointCount()).isEqualTo(2);
        assertThat(metric(scrape(plain, onlyX1), "b").pointCount()).isEqualTo(1);
        assertThat(metric(scrape(plain, histogram), "b").pointCount()).isEqualTo(2);
    }

    @Test
    void aDroppedFamilyKeepsNoPointStateAndItsCountSurvivesAHelpChange() throws Exception {
        TargetScraper s = TestScrapers.forJob(dir, "", hint);
        String body = "# HELP b one\n# TYPE b gauge\nb{x=\"1\"} 1\nb{x=\"2\"} 2\n# TYPE a gauge\na 1\n";
        scrape(s, body);
        // Kept: a and up; b and the four other scrape_* series are dropped.
        assertThat(s.assemblerPoints()).isEqualTo(2);
        // A HELP change re-resolves every series; b's points are the same two, not two more.
        MetricBatch changed = scrape(s, body.replace("# HELP b one", "# HELP b two"));
        assertThat(skipped(changed)).contains("b=2");
        assertThat(skipped(scrape(s, body.replace("# HELP b one", "# HELP b two")))).contains("b=2");
        assertThat(s.assemblerPoints()).isEqualTo(2);
    }

    @Test
    void aScrapeThatFailsHalfWayLeavesStaleMarkersInTheCountOfADroppedFamily() throws Exception {
        TargetScraper s = TestScrapers.forJob(dir, "", hint);
        scrape(s, "# TYPE b gauge\nb{x=\"1\"} 1\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scrape(s, "# TYPE b gauge\nb{x=\"2\"} 2\nb{x=\"3\" 3\n"))
                .isInstanceOf(ScrapeException.class);
        MetricBatch failed = s.failed(now, 0.01);
        assertThat(skipped(failed)).as("x=1 stale; x=2, seen before the error only, is not counted").contains("b=1");
        assertThat(skipped(scrape(s, "# TYPE b gauge\nb{x=\"2\"} 2\n"))).contains("b=1");
    }

    @Test
    void targetsShareTheHeaderOfAFamilyTheyLeaveOut() throws Exception {
        String body = "# HELP b the b\n# TYPE b gauge\nb{x=\"1\"} 1\n";
        MetricBatch one = scrape(TestScrapers.forJob(dir, "", hint), body);
        TargetScraper other = TestScrapers.forJob(dir, "", hint);
        MetricBatch two = scrape(other, body);
        assertThat(two.skipped().header(0).name()).isEqualTo("b");
        assertThat(two.skipped().header(0)).isSameAs(one.skipped().header(0));

        MetricBatch changed = scrape(other, body.replace("the b", "another b"));
        assertThat(changed.skipped().header(0)).isNotSameAs(one.skipped().header(0));
        assertThat(changed.skipped().header(0).description()).isEqualTo("another b");
    }

    @Test
    void scrapeCountersAreUnchangedByPushdown() throws Exception {
        TargetScraper pushed = TestScrapers.forJob(dir, "", hint);
        TargetScraper plain = TestScrapers.forJob(dir, "", null);
        String body = "# TYPE b gauge\nb{x=\"1\"} 1\nb{x=\"2\"} 2\na 3\n";
        MetricBatch p = scrape(pushed, body);
        now -= 1000;
        MetricBatch q = scrape(plain, body);
        assertThat(pushed.lastSamplesScraped()).isEqualTo(plain.lastSamplesScraped()).isEqualTo(3);
        assertThat(pushed.lastSamplesPostRelabel()).isEqualTo(plain.lastSamplesPostRelabel());
        assertThat(p.pointCountWithSkipped()).isEqualTo(q.pointCount());
    }
}
