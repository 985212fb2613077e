package io.meshlens.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The explain report renders every stage, the dropped names and the landed names, in text and JSON. */
class StageReportTest {
    private final StageReport report = new StageReport("metrics/mesh", "built-in Linkerd proxy sample", List.of(
            new StageReport.Stage("scrape", 3, List.of("request_total", "response_total", "tokio_rt_workers"), 7,
                    Map.of(12, 6L, 0, 1L), List.of()),
            new StageReport.Stage("filter/mesh", 1, List.of("response_total"), 4, Map.of(12, 4L),
                    List.of("request_total", "tokio_rt_workers"))),
            List.of(new StageReport.LandedName("response_total", StageReport.Origin.SCRAPED),
                    new StageReport.LandedName("up", StageReport.Origin.SYNTHETIC),
                    new StageReport.LandedName("target_info", StageReport.Origin.EXPORTER)));

    @Test
    void textShowsATableTheDropsAndTheLandedNames() {
        assertThat(report.toText()).isEqualTo("""
                pipeline metrics/mesh on built-in Linkerd proxy sample
                stage                         families   names    series  labels/series
                scrape                               3       3         7  0:1 12:6
                filter/mesh                          1       1         4  12:4
                dropped by filter/mesh (2): request_total, tokio_rt_workers
                lands in the backend as 3 names:
                  response_total
                  up  (synthetic scrape series)
                  target_info  (added by the exporter)
                """);
    }

    @Test
    void jsonCarriesTheSameData() throws Exception {
        JsonNode j = new ObjectMapper().readTree(report.toJson());
        assertThat(j.get("stages")).hasSize(2);
        assertThat(j.at("/stages/1/dropped/1").asText()).isEqualTo("tokio_rt_workers");
        assertThat(j.at("/stages/0/labels_per_series/12").asLong()).isEqualTo(6);
        assertThat(j.at("/landed/2/origin").asText()).isEqualTo("exporter");
    }
}
