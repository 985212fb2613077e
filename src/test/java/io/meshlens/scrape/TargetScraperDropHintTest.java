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

        // b's HELP changes: asked again, now kept; one of its series is gone: its stale marker is sent.
        MetricBatch third = scrape(s, "# HELP b keep\n# TYPE b gauge\nb{x=\"1\"} 1\n# TYPE a_total counter\na_total 6\n");
        assertThat(asked).contains("b|keep");
        assertThat(names(third)).contains("b");
        Metric b = third.resources().getFirst().scopes().getFirst().metrics().stream()
                .filter(m -> m.name().equals("b")).findFirst().orElseThrow();
        assertThat(b.pointCount()).isEqualTo(2);
        assertThat(b.points().noRecordedValue(1)).isTrue();
        assertThat(skipped(third)).doesNotContain("b=1", "b=2");
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
