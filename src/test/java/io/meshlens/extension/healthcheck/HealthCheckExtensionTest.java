package io.meshlens.extension.healthcheck;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Kind;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class HealthCheckExtensionTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private HealthCheckExtension ext;

    @AfterEach
    void stop() {
        if (ext != null) {
            ext.shutdown();
        }
    }

    static HealthCheckConfig load(String key, ConfigErrors errors) throws Exception {
        Path f = Path.of(HealthCheckExtensionTest.class.getResource("/extension/healthcheck/config.yaml").toURI());
        ConfigNode.MapNode exts = (ConfigNode.MapNode) ConfigLoader.load(List.of(f), List.of(), Map.of()).root()
                .get("extensions");
        return new HealthCheckExtensionFactory().parseConfig(
                new ConfigReader(exts.get(key), "extensions::" + key, errors));
    }

    @Test
    void configFileBindsToTypedConfigWithDefaults() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        assertThat(load("health_check", errors)).isEqualTo(HealthCheckConfig.DEFAULT);
        assertThat(load("health_check/custom", errors)).isEqualTo(new HealthCheckConfig("127.0.0.1:0", "/health/status",
                new HealthCheckConfig.ResponseBody("I'm OK", "I'm not well")));
        assertThat(errors.all()).isEmpty();
        load("health_check/bad", errors);
        assertThat(errors.all()).extracting(e -> e.component() + ": " + e.message()).containsExactly(
                "extensions::health_check/bad: endpoint: invalid endpoint \"13133\": expected host:port",
                "extensions::health_check/bad: path: must start with \"/\", got \"health\"",
                "extensions::health_check/bad: check_collector_pipeline is deprecated and has no effect (as in the "
                        + "Collector); remove it");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ext.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void start(HealthCheckConfig config) throws Exception {
        ext = new HealthCheckExtension(new CreateSettings(ComponentId.parse("health_check"), Kind.EXTENSION, "",
                new Telemetry(), Logger.getLogger("extensions::health_check")), config);
        ext.start(null);
    }

    @Test
    void answers503BeforeReady200WhileReadyAnd503AfterNotReady() throws Exception {
        start(new HealthCheckConfig("127.0.0.1:0", "/", null));
        HttpResponse<String> before = get("/");
        assertThat(before.statusCode()).isEqualTo(503);
        assertThat(before.body())
                .isEqualTo("{\"status\":\"Server not available\",\"upSince\":\"0001-01-01T00:00:00Z\",\"uptime\":\"\"}");

        ext.ready();
        HttpResponse<String> up = get("/");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(up.body()).matches("\\{\"status\":\"Server available\",\"upSince\":\"\\d{4}-\\d\\d-\\d\\dT[^\"]+Z\","
                + "\"uptime\":\"[0-9.]+(ns|µs|ms|s)\"}");

        ext.notReady();
        assertThat(get("/").statusCode()).isEqualTo(503);
    }

    @Test
    void servesTheConfiguredPathWithFixedBodies() throws Exception {
        start(new HealthCheckConfig("127.0.0.1:0", "/health/status",
                new HealthCheckConfig.ResponseBody("I'm OK", "I'm not well")));
        assertThat(get("/health/status").body()).isEqualTo("I'm not well");
        ext.ready();
        HttpResponse<String> r = get("/health/status");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("I'm OK");
        assertThat(get("/other").statusCode()).isEqualTo(404);
    }
}
