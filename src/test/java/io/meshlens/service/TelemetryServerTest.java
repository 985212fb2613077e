package io.meshlens.service;

import io.meshlens.component.ComponentId;
import io.meshlens.component.Components;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The self-telemetry server over real HTTP. */
class TelemetryServerTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(Service s, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.telemetryServer().port() + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private Service start(String level) throws Exception {
        Components components = TestComponents.create(TestComponents.events());
        Service s = new Service(TestConfigs.valid(dir, """
                receivers: {testrcv: {}}
                exporters: {debug: {}}
                service:
                  pipelines:
                    metrics: {receivers: [testrcv], exporters: [debug]}
                  telemetry:
                    metrics: {address: "127.0.0.1:0", level: %s}
                """.formatted(level), components));
        s.start();
        return s;
    }

    @Test
    void servesProcessAndComponentMetricsWithTheServiceLabels() throws Exception {
        Service s = start("normal");
        try {
            ((TestComponents.TestReceiver) s.receiver(ComponentId.parse("testrcv"))).push(ServiceTest.batch());
            HttpResponse<String> r = get(s, "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            String body = r.body();
            String labels = "service_instance_id=\"" + s.telemetry().constLabels().getString("service_instance_id")
                    + "\",service_name=\"meshlens\",service_version=\"" + Version.get() + "\"";
            assertThat(body).contains("# TYPE otelcol_exporter_sent_metric_points counter",
                    "otelcol_exporter_sent_metric_points{exporter=\"debug\"," + labels + "} 1");
            for (String m : new String[]{"otelcol_process_uptime", "otelcol_process_runtime_heap_alloc_bytes",
                    "otelcol_process_runtime_total_alloc_bytes", "otelcol_process_runtime_total_sys_memory_bytes",
                    "otelcol_process_cpu_seconds", "otelcol_process_memory_rss"}) {
                assertThat(body).containsPattern("(?m)^" + m + "\\{[^}]*service_name=\"meshlens\"[^}]*} [0-9.eE+]+$");
            }
            assertThat(ProcessMetrics.rssBytes()).isPositive();
        } finally {
            s.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void otherComponentsCanAddHandlersToTheServer() throws Exception {
        Service s = start("basic");
        try {
            s.addHttpHandler("/api/v1/targets", ex -> TelemetryServer.respond(ex, 200, "application/json", "{}"));
            assertThat(get(s, "/api/v1/targets").body()).isEqualTo("{}");
        } finally {
            s.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void levelNoneStartsNoServer() throws Exception {
        Service s = start("none");
        try {
            assertThat(s.telemetryServer()).isNull();
            assertThatThrownBy(() -> s.addHttpHandler("/x", ex -> { }))
                    .isInstanceOf(UnsupportedOperationException.class);
        } finally {
            s.shutdown(Duration.ofSeconds(5));
        }
    }

    @Test
    void serverIsClosedAfterShutdown() throws Exception {
        Service s = start("normal");
        int port = s.telemetryServer().port();
        s.shutdown(Duration.ofSeconds(5));
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }

}
