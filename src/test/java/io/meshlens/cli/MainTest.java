package io.meshlens.cli;

import io.meshlens.component.Components;
import io.meshlens.service.BuiltinComponents;
import io.meshlens.service.Version;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands' exit codes and output. */
class MainTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;
    private final Components components = BuiltinComponents.create().register(new TickerReceiverFactory());

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
        return Main.execute(components, args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8).replace(dir + "/", "");
    }

    private Path write(String name, String yaml) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    @Test
    void validatePrintsOneSummaryLinePerPipelineAndExits0() throws Exception {
        Path f = write("good.yaml", """
                receivers: {ticker/mesh: {}, ticker/app: {}}
                exporters: {debug: {}, debug/detailed: {verbosity: detailed}}
                service:
                  pipelines:
                    metrics/mesh: {receivers: [ticker/mesh], exporters: [debug]}
                    metrics/app: {receivers: [ticker/app, ticker/mesh], exporters: [debug, debug/detailed]}
                """);
        assertThat(run("validate", "--config", f.toString())).isZero();
        assertThat(out()).isEqualTo("""
                metrics/mesh: ticker/mesh → debug
                metrics/app: ticker/app, ticker/mesh → debug, debug/detailed
                """);
        assertThat(err()).isEmpty();
    }

    @Test
    void validatePrintsEveryProblemOnePerLineAndExits1() throws Exception {
        Path f = write("bad.yaml", """
                receivers: {ticker: {}}
                exporters: {debug: {verbosity: loud}}
                service:
                  pipelines:
                    metrics: {receivers: [ticker], exporters: [debug, otlp]}
                """);
        assertThat(run("validate", "--config", f.toString())).isEqualTo(1);
        assertThat(err()).isEqualTo("""
                bad.yaml:2:32: exporters::debug: verbosity: "loud" is not one of basic, normal, detailed
                bad.yaml:5:55: service::pipelines::metrics: references exporter "otlp" which is not configured under exporters
                """);
        assertThat(out()).isEmpty();
    }

    @Test
    void runWithABadConfigExits1WithoutStarting() throws Exception {
        Path f = write("bad.yaml", "receivers: {}\n");
        assertThat(run("run", "--config", f.toString())).isEqualTo(1);
        assertThat(err()).contains("bad.yaml:1:1: service: no pipelines");
    }

    @Test
    void componentsListsTypesPerKindWithDescriptions() {
        assertThat(run("components")).isZero();
        assertThat(out()).contains("receivers:\n", "\n  prometheus ", "\n  ticker ", "exporters:\n", "\n  debug ",
                        "extensions:\n  health_check ")
                .contains("writes what it receives");
    }

    @Test
    void versionComesFromTheBuild() {
        assertThat(run("--version")).isZero();
        assertThat(out()).startsWith("meshlens " + Version.get());
    }

    @Test
    void demoRejectsABadFaultBeforeStartingAnything() {
        assertThat(run("demo", "--fault", "ad:explode:0.1")).isEqualTo(2);
        assertThat(err()).contains("--fault");
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : new String[]{"run", "validate", "components", "demo"}) {
            out.reset();
            assertThat(run(cmd, "--help")).isZero();
            assertThat(out()).startsWith("Usage: meshlens " + cmd);
        }
        out.reset();
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("run", "validate", "components", "demo");
    }

    @Test
    void missingConfigIsAUsageError() {
        assertThat(run("validate")).isEqualTo(2);
        assertThat(err()).contains("Missing required option: '--config=FILE'");
    }
}
