package io.meshlens.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code meshlens run} as a real child JVM: a ticker receiver feeding the debug exporter, health
 * and self-telemetry answering over HTTP, then SIGTERM and a clean, bounded, flushed exit.
 */
class RunProcessTest {
    @TempDir
    Path dir;

    private Path output;

    @Test
    void runsUntilSigtermThenShutsDownCleanlyAfterFlushing() throws Exception {
        output = dir.resolve("output.log");
        Path config = dir.resolve("run.yaml");
        Files.writeString(config, """
                receivers:
                  ticker: {interval: 50ms}
                exporters:
                  debug: {verbosity: normal}
                extensions:
                  health_check: {endpoint: "127.0.0.1:0"}
                service:
                  extensions: [health_check]
                  pipelines:
                    metrics: {receivers: [ticker], exporters: [debug]}
                  telemetry:
                    metrics: {address: "127.0.0.1:0"}
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RunTestMain.class.getName(),
                "run", "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            String ready = awaitLine(l -> l.contains("is running"));
            assertThat(ready).as("output so far:\n%s", String.join("\n", read())).isNotNull();
            assertThat(awaitLine(l -> l.startsWith("meshlens_test_ticks{} "))).isNotNull();

            Matcher m = Pattern.compile("self-telemetry on (http://\\S+/metrics)")
                    .matcher(String.join("\n", read()));
            assertThat(m.find()).isTrue();
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).containsPattern("otelcol_exporter_sent_metric_points\\{exporter=\"debug\",[^}]*} [1-9]");

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("exits within the shutdown bound").isTrue();
            assertThat(p.exitValue()).as("output:\n%s", String.join("\n", read())).isZero();
            List<String> out = read();
            int finalBatch = indexOf(out, l -> l.startsWith("meshlens_test_final{} "));
            int complete = indexOf(out, l -> l.endsWith("shutdown complete"));
            assertThat(finalBatch).as("the batch pushed during shutdown was exported; output:\n%s", String.join("\n", out)).isNotNegative();
            assertThat(complete).isGreaterThan(finalBatch);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String awaitLine(Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (String l : read()) {
                if (match.test(l)) {
                    return l;
                }
            }
            Thread.sleep(50);
        }
        return null;
    }

    private List<String> read() {
        try {
            return Files.exists(output) ? Files.readAllLines(output) : List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int indexOf(List<String> lines, Predicate<String> match) {
        for (int i = 0; i < lines.size(); i++) {
            if (match.test(lines.get(i))) {
                return i;
            }
        }
        return -1;
    }
}
