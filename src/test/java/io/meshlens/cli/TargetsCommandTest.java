package io.meshlens.cli;

import io.meshlens.backend.BackendProcess;
import io.meshlens.service.BuiltinComponents;
import io.meshlens.service.Service;
import io.meshlens.service.ServiceRunner;
import io.meshlens.sim.MetricsEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code meshlens targets} against a running service that scrapes a healthy and a broken target. */
class TargetsCommandTest {
    @TempDir
    Path dir;

    @Test
    void printsEveryTargetWithHealthAndLastError() throws Exception {
        try (MetricsEndpoint good = new MetricsEndpoint("127.0.8.1", 0, "/metrics",
                () -> new MetricsEndpoint.Page("up_time 1\n".getBytes(StandardCharsets.UTF_8), MetricsEndpoint.Page.TEXT));
             MetricsEndpoint bad = new MetricsEndpoint("127.0.8.2", 0, "/metrics",
                     () -> new MetricsEndpoint.Page("x{ 1\n".getBytes(StandardCharsets.UTF_8), MetricsEndpoint.Page.TEXT))) {
            int port = BackendProcess.freePort();
            Path cfg = dir.resolve("c.yaml");
            Files.writeString(cfg, """
                    receivers:
                      prometheus:
                        config:
                          scrape_configs:
                            - job_name: shop
                              scrape_interval: 1s
                              static_configs:
                                - targets: ["%s", "%s"]
                    exporters:
                      debug:
                    service:
                      pipelines:
                        metrics:
                          receivers: [prometheus]
                          exporters: [debug]
                      telemetry:
                        metrics:
                          address: 127.0.0.1:%d
                    """.formatted(good.address(), bad.address(), port));
            ServiceRunner.Loaded loaded = ServiceRunner.load(List.of(cfg), List.of(), Map.of(), BuiltinComponents.create());
            assertThat(loaded.ok()).isTrue();
            Service service = new Service(loaded.config());
            service.start();
            PrintStream stdout = System.out;
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                Thread.sleep(2500);
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                assertThat(Main.execute(BuiltinComponents.create(), "targets", "--config", cfg.toString())).isZero();
            } finally {
                System.setOut(stdout);
                service.shutdown(Duration.ofSeconds(5));
            }
            String table = out.toString(StandardCharsets.UTF_8);
            assertThat(table).contains("JOB", "HEALTH", "2 active, 0 dropped");
            assertThat(table.lines().filter(l -> l.contains(good.address()))).singleElement().asString().contains(" up ");
            assertThat(table.lines().filter(l -> l.contains(bad.address()))).singleElement().asString()
                    .contains(" down ").contains("line 1");
        }
    }
}
