package io.meshlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlens.service.BuiltinComponents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code meshlens explain}: text and JSON output, exit codes. */
class ExplainCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    private int run(String... args) {
        return Main.execute(BuiltinComponents.create(), args);
    }

    @Test
    void jsonFormatParsesAndListsTheLandedNames() throws Exception {
        assertThat(run("explain", "--config", "examples/linkerd-mesh.yaml", "--format", "json")).isZero();
        JsonNode j = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(j.get("pipeline").asText()).isEqualTo("metrics/mesh");
        List<String> names = new ArrayList<>();
        j.get("landed").forEach(n -> names.add(n.get("name").asText()));
        assertThat(names).hasSize(11).contains("response_total", "control_response_latency_ms_sum", "target_info");
        assertThat(j.at("/stages/0/name").asText()).isEqualTo("scrape");
        assertThat(j.get("notes")).isNotEmpty();
    }

    @Test
    void textFormatShowsTheStageTableAndFifteenNamesForTheRelabelVariant() {
        assertThat(run("explain", "--config", "examples/linkerd-mesh-relabel.yaml", "--pipeline", "metrics/mesh")).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("stage ", "families", "lands in the backend as 15 names:",
                "  up  (synthetic scrape series)", "  target_info  (added by the exporter)");
    }

    @Test
    void unknownPipelineExitsOneWithAMessage() {
        assertThat(run("explain", "--config", "examples/linkerd-mesh.yaml", "--pipeline", "metrics/nope")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("explain: no pipeline metrics/nope");
    }
}
