package io.meshlens.loadtest;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {
    private static RunResult run(Agent a, double cpu, long rssKb, long series, double scrapeP99) {
        // 100 s window, 2 M lines scraped, 1 M samples stored, 10 kept samples lost.
        return new RunResult(a, 100, cpu, rssKb, rssKb * 2, series, 1_000_000, 2_000_000, 500_010, 500_000,
                scrapeP99, 0.4, 1.2, 3.5, "1.50 1.20 0.90 2/200 123");
    }

    @Test
    void derivedFiguresArePerMillionSamplesPerSecondAndPerSeries() {
        RunResult r = run(Agent.MESHLENS, 4.0, 102_400, 10_000, Double.NaN);
        assertThat(r.cpuPerMillionScraped()).isEqualTo(2.0);
        assertThat(r.cpuPerMillionStored()).isEqualTo(4.0);
        assertThat(r.storedPerSecond()).isEqualTo(10_000);
        assertThat(r.rssBytesPerSeries()).isEqualTo(102_400 * 1024.0 / 10_000);
        assertThat(r.lost()).isEqualTo(10);
    }

    @Test
    void ratiosAreAgainstTheVmagentRunAndMissingFiguresPrintAsNa() {
        String t = ResultTable.markdown(List.of(run(Agent.MESHLENS, 4.0, 51_200, 10_000, Double.NaN),
                run(Agent.VMAGENT, 8.0, 102_400, 10_000, 0.0123)));
        String meshlens = t.lines().filter(l -> l.startsWith("| meshlens ")).findFirst().orElseThrow();
        String vmagent = t.lines().filter(l -> l.startsWith("| vmagent ")).findFirst().orElseThrow();
        // CPU/M scraped 2.00 vs 4.00 → 0.50×; RSS per series half → 0.50×; no scrape durations → n/a.
        assertThat(meshlens).contains("| 2.00 | 0.50× |").contains("| 0.50× |").contains("| n/a |");
        assertThat(vmagent).contains("| 4.00 | 1.00× |").contains("| 12.3 |").contains("| 1.50 1.20 0.90 |");
        assertThat(t.lines().count()).isEqualTo(4);
    }

    @Test
    void withoutAVmagentRunRatiosAreNa() {
        String t = ResultTable.markdown(List.of(run(Agent.PROMETHEUS, 4.0, 51_200, 10_000, 0.01)));
        assertThat(t).contains("| 2.00 | n/a |");
    }

    @Test
    void quantileIsNearestRank() {
        List<Double> v = List.of(5.0, 1.0, 3.0, 2.0, 4.0);
        assertThat(ResultTable.quantile(v, 0.5)).isEqualTo(3.0);
        assertThat(ResultTable.quantile(v, 0.99)).isEqualTo(5.0);
        assertThat(ResultTable.quantile(v, 0.0)).isEqualTo(1.0);
        assertThat(ResultTable.quantile(List.of(), 0.5)).isNaN();
    }
}
