package io.meshlens.cli;

import io.meshlens.service.BuiltinComponents;
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

/** {@code meshlens lint}: exit codes 0 / 1 (--strict, warnings only) / 2 (errors), text and JSON output. */
class LintCommandTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream oldOut;

    @BeforeEach
    void capture() {
        oldOut = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(oldOut);
    }

    private Path config(String filterCondition, String extra) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, """
                receivers:
                  otlp:
                    protocols:
                      grpc:
                        endpoint: 127.0.0.1:4317
                processors:
                  filter/mesh:
                    metrics:
                      metric:
                        - '%s'
                exporters:
                  debug:
                %s
                service:
                  pipelines:
                    metrics:
                      receivers: [otlp]
                      processors: [filter/mesh]
                      exporters: [debug]
                """.formatted(filterCondition, extra));
        return f;
    }

    private int lint(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "lint";
        System.arraycopy(args, 0, all, 1, args.length);
        return Main.execute(BuiltinComponents.create(), all);
    }

    @Test
    void cleanConfigExitsZeroEvenWhenStrict() throws Exception {
        Path f = config("name == \"request_total\"", "");
        assertThat(lint("--config", f.toString(), "--strict")).isZero();
        assertThat(out.toString()).contains("no findings");
    }

    @Test
    void warningsExitZeroOrOneWithStrict() throws Exception {
        Path f = config("IsMatch(name, \"request_total\")", "");
        assertThat(lint("--config", f.toString())).isZero();
        assertThat(out.toString()).contains("warning [unanchored-ismatch]", "control_request_total");
        assertThat(lint("--config", f.toString(), "--strict")).isEqualTo(1);
    }

    @Test
    void errorsExitTwo() throws Exception {
        Path f = config("name == \"request_total\"", "    verbosity: ${1}");
        assertThat(lint("--config", f.toString())).isEqualTo(2);
        assertThat(out.toString()).contains("error [env-expansion]");
    }

    @Test
    void jsonListsEachFindingWithItsPosition() throws Exception {
        Path f = config("IsMatch(name, \"request_total\")", "");
        assertThat(lint("--config", f.toString(), "--format", "json")).isZero();
        assertThat(out.toString()).contains("\"rule\" : \"unanchored-ismatch\"", "\"line\" : 10",
                "\"component\" : \"processors::filter/mesh\"");
    }

    @Test
    void badCollectorVersionIsAUsageError() throws Exception {
        Path f = config("name == \"request_total\"", "");
        assertThat(lint("--config", f.toString(), "--collector-version", "1.x")).isEqualTo(2);
    }
}
