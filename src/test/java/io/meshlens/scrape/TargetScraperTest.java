package io.meshlens.scrape;

import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** TargetScraper's metadata lines, which it caches by their raw bytes across scrapes. */
class TargetScraperTest {
    @TempDir
    Path dir;
    private long now = 1_700_000_000_000L;

    private TargetScraper scraper() throws Exception {
        return TestScrapers.forJob(dir, "");
    }

    private MetricBatch scrape(TargetScraper s, String body, String contentType) throws ScrapeException {
        return s.process(ScrapeBody.of(body.getBytes(StandardCharsets.UTF_8), contentType), now += 1000, 0.01);
    }

    private static Metric metric(MetricBatch b, String name) {
        return b.resources().stream().flatMap(r -> r.scopes().stream()).flatMap(s -> s.metrics().stream())
                .filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    private static final String TEXT = "text/plain; version=0.0.4";
    private static final String OM = "application/openmetrics-text; version=1.0.0";

    @Test
    void helpThatReturnsToAnEarlierTextIsAppliedAgain() throws Exception {
        TargetScraper s = scraper();
        String a = "# HELP x first\n# TYPE x gauge\nx 1\n";
        String b = "# HELP x second\n# TYPE x gauge\nx 1\n";
        assertThat(metric(scrape(s, a, TEXT), "x").description()).isEqualTo("first");
        assertThat(metric(scrape(s, b, TEXT), "x").description()).isEqualTo("second");
        assertThat(metric(scrape(s, a, TEXT), "x").description()).isEqualTo("first");
    }

    @Test
    void typeChangeBackAndForthIsApplied() throws Exception {
        TargetScraper s = scraper();
        String counter = "# TYPE x_total counter\nx_total 1\n";
        String gauge = "# TYPE x_total gauge\nx_total 1\n";
        assertThat(metric(scrape(s, counter, TEXT), "x_total").type().toString()).isEqualTo("SUM");
        assertThat(metric(scrape(s, gauge, TEXT), "x_total").type().toString()).isEqualTo("GAUGE");
        assertThat(metric(scrape(s, counter, TEXT), "x_total").type().toString()).isEqualTo("SUM");
    }

    @Test
    void helpAndUnitLinesWithTheSameBytesStayApart() throws Exception {
        TargetScraper s = scraper();
        String body = "# TYPE x_seconds gauge\n# UNIT x_seconds seconds\n# HELP x_seconds seconds\nx_seconds 1\n# EOF\n";
        Metric m = metric(scrape(s, body, OM), "x_seconds");
        assertThat(m.description()).isEqualTo("seconds");
        assertThat(m.unit()).isEqualTo("seconds");
        m = metric(scrape(s, body, OM), "x_seconds");
        assertThat(m.description()).isEqualTo("seconds");
        assertThat(m.unit()).isEqualTo("seconds");
    }

    @Test
    void sameHelpBytesDecodeByTheFormatTheyCameIn() throws Exception {
        TargetScraper s = scraper();
        // \" is an escape in OpenMetrics only; text 0.0.4 keeps the backslash.
        assertThat(metric(scrape(s, "# TYPE x gauge\n# HELP x say \\\"hi\\\"\nx 1\n# EOF\n", OM), "x").description())
                .isEqualTo("say \"hi\"");
        assertThat(metric(scrape(s, "# TYPE x gauge\n# HELP x say \\\"hi\\\"\nx 1\n", TEXT), "x").description())
                .isEqualTo("say \\\"hi\\\"");
    }
}
