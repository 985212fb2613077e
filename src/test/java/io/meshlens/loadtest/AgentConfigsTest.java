package io.meshlens.loadtest;

import io.meshlens.cli.Main;
import io.meshlens.service.BuiltinComponents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AgentConfigsTest {
    @TempDir
    Path dir;

    private static final Duration FIVE = Duration.ofSeconds(5);

    private Path targets() throws Exception {
        Path t = dir.resolve("targets.json");
        Files.writeString(t, "[]");
        return t;
    }

    @Test
    void bothMeshlensExamplesBecomeValidBenchConfigsWithOnlyTheBenchChanges() throws Exception {
        for (Agent a : new Agent[] {Agent.MESHLENS, Agent.MESHLENS_RELABEL}) {
            String example = Files.readString(Path.of(a.example()));
            String cfg = AgentConfigs.meshlens(example, a, FIVE, targets(), new AgentConfigs.MeshlensPorts(18888, 18133));
            assertThat(cfg).contains("scrape_interval: 5s", "file_sd_configs:", "- files: ['" + targets() + "']",
                    "address: 127.0.0.1:18888", "endpoint: 127.0.0.1:18133", "bench_run: " + a.label())
                    .doesNotContain("kubernetes_sd_configs", "30s");
            // Everything else is the example's: the filter, the processors, the pipeline.
            assertThat(cfg.lines().filter(l -> !example.contains(l)).count()).isLessThanOrEqualTo(8);
            Path f = dir.resolve(a.label() + ".yaml");
            Files.writeString(f, cfg);
            assertThat(Main.execute(BuiltinComponents.create(), "validate", "--config", f.toString())).isZero();
        }
    }

    @Test
    void anExampleThatNoLongerHasWhatTheBenchAdaptsIsAClearError() {
        assertThatThrownBy(() -> AgentConfigs.meshlens("receivers: {}\n", Agent.MESHLENS, FIVE, dir,
                new AgentConfigs.MeshlensPorts(1, 2)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("scrape_interval: 30s");
    }

    @Test
    void goAgentsKeepWhatTheOttlFilterKeepsAndLabelLikeK8sattributes() throws Exception {
        String vm = AgentConfigs.vmagent(FIVE, targets());
        String prom = AgentConfigs.prometheus(FIVE, targets(), "http://127.0.0.1:8428/api/v1/write");
        for (String c : new String[] {vm, prom}) {
            assertThat(c).contains("regex: '" + Agent.OTTL_KEEP + "'", "target_label: k8s_pod_name",
                    "target_label: k8s_namespace_name", "target_label: k8s_deployment_name", "replacement: mesh",
                    "scrape_interval: 5s");
        }
        assertThat(prom).contains("bench_run: prometheus-agent", "remote_write:\n  - url: http://127.0.0.1:8428/api/v1/write");
    }

    @Test
    void goAgentsGetTheTimeoutMeshlensGetsByDefault() throws Exception {
        assertThat(AgentConfigs.vmagent(FIVE, targets())).contains("scrape_timeout: 5s");
        assertThat(AgentConfigs.vmagent(Duration.ofSeconds(30), targets())).contains("scrape_interval: 30s",
                "scrape_timeout: 10s");
        assertThat(AgentConfigs.prometheus(Duration.ofSeconds(15), targets(), "http://127.0.0.1:8428/api/v1/write"))
                .contains("scrape_timeout: 10s");
    }

    @Test
    void theOttlKeepRegexMatchesTheNamesTheSeedFilterLetsThrough() {
        assertThat(Agent.MESHLENS.keeps("response_latency_ms_bucket")).isTrue();
        assertThat(Agent.MESHLENS.keeps("control_response_latency_ms_sum")).isTrue();
        assertThat(Agent.MESHLENS.keeps("tcp_open_total")).isFalse();
        assertThat(Agent.MESHLENS_RELABEL.keeps("tcp_open_total")).isTrue();
        assertThat(Agent.MESHLENS_RELABEL.keeps("control_response_latency_ms_sum")).isFalse();
    }

    @Test
    void vmagentAcceptsItsConfig() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/vmagent")), "vmagent not installed");
        Path f = dir.resolve("scrape.yaml");
        Files.writeString(f, AgentConfigs.vmagent(FIVE, targets()));
        Process p = new ProcessBuilder("/usr/bin/vmagent", "-dryRun", "-promscrape.config=" + f,
                "-promscrape.config.strictParse").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    @Test
    void promtoolAcceptsThePrometheusConfig() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool not installed");
        Path f = dir.resolve("prometheus.yaml");
        Files.writeString(f, AgentConfigs.prometheus(FIVE, targets(), "http://127.0.0.1:8428/api/v1/write"));
        Process p = new ProcessBuilder("/usr/bin/promtool", "check", "config", "--agent", f.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
