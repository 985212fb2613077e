package io.meshlens.lint;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The seed's configs, linted: each trap of the seed is named, nothing else fires. */
class SeedLintTest {
    static LintResult lint(LintOptions options, Path file) {
        return Linter.lint(List.of(file), options, LintComponents.create(), Map.of());
    }

    @Test
    void seedConfigLeaksControlPlaneLatencyAndNothingElse() {
        LintResult r = lint(LintOptions.DEFAULT, Path.of("examples/linkerd-mesh.yaml"));
        assertThat(r.findings()).as(r.toText()).hasSize(1);
        Finding f = r.findings().get(0);
        assertThat(f.rule()).isEqualTo("unanchored-ismatch");
        assertThat(f.component()).isEqualTo("processors::filter/mesh");
        assertThat(f.mark().line()).isEqualTo(36);
        assertThat(f.what()).contains("control_response_latency_ms (control_response_latency_ms_bucket, _count, _sum)");
        assertThat(r.exitCode(false)).isZero();
        assertThat(r.exitCode(true)).isEqualTo(1);
    }

    @Test
    void seedConfigOnCollector0104FailsOnTheRelabelReplacement() {
        LintResult r = lint(new LintOptions(CollectorVersion.parse("0.104.0"), null), Path.of("examples/linkerd-mesh.yaml"));
        assertThat(r.findings()).extracting(f -> f.rule() + " " + f.mark().line() + ":" + f.mark().column())
                .containsExactly("env-expansion 25:28", "unanchored-ismatch 36:58");
        assertThat(r.exitCode(false)).isEqualTo(2);
    }

    @Test
    void seedConfigAsDaemonSetScrapesEveryPodFromEveryNode() {
        LintResult r = lint(new LintOptions(CollectorVersion.MESHLENS, Deploy.DAEMONSET), Path.of("examples/linkerd-mesh.yaml"));
        assertThat(r.rules()).containsExactly("duplicate-scrape-multinode", "unanchored-ismatch");
    }

    @Test
    void relabelVariantKeepsTcpFamiliesAndSyntheticSeries() {
        LintResult r = lint(LintOptions.DEFAULT, Path.of("src/test/resources/lint/seed-relabel-variant.yaml"));
        assertThat(r.rules()).as(r.toText()).containsExactly("synthetic-series-survive", "broad-keep-regex");
        assertThat(r.findings().get(1).what()).contains("tcp_open_total, tcp_close_total");
        assertThat(r.findings().get(0).what()).contains("up, scrape_duration_seconds");
    }
}
