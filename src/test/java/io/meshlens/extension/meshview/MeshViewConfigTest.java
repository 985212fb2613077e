package io.meshlens.extension.meshview;

import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MeshViewConfigTest {
    static MeshViewConfig load(String key, ConfigErrors errors) throws Exception {
        Path f = Path.of(MeshViewConfigTest.class.getResource("/extension/meshview/config.yaml").toURI());
        ConfigNode.MapNode exts = (ConfigNode.MapNode) ConfigLoader.load(List.of(f), List.of(), Map.of()).root()
                .get("extensions");
        return new MeshViewExtensionFactory().parseConfig(new ConfigReader(exts.get(key), "extensions::" + key, errors));
    }

    @Test
    void emptySectionGivesDefaults() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        assertThat(load("meshview", errors)).isEqualTo(MeshViewConfig.DEFAULT);
        assertThat(MeshViewConfig.DEFAULT.endpoint()).isEqualTo("127.0.0.1:9464");
        assertThat(MeshViewConfig.DEFAULT.refreshInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void everyKeyBindsToTheTypedConfig() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        assertThat(load("meshview/custom", errors)).isEqualTo(new MeshViewConfig("0.0.0.0:19464",
                "http://victoria-metrics:8428", "http://prometheus:9090/", Duration.ofSeconds(30), Duration.ofMinutes(2),
                "http://jaeger:16686/trace/{trace_id}", 50,
                new MeshViewConfig.Latency("app_checkout_latency_seconds", "checkout", Duration.ofHours(1))));
        assertThat(errors.all()).isEmpty();
    }

    @Test
    void invalidValuesAreReportedWithTheComponentAndKey() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        load("meshview/bad", errors);
        assertThat(errors.all()).extracting(e -> e.component() + ": " + e.message()).containsExactly(
                "extensions::meshview/bad: endpoint: invalid endpoint \"9464\": expected host:port",
                "extensions::meshview/bad: datasources.mesh: \"victoria-metrics:8428\" is not an http(s) URL such as "
                        + "http://127.0.0.1:8428",
                "extensions::meshview/bad: unknown key \"datasources.prometheus\" (valid keys: mesh, app)",
                "extensions::meshview/bad: refresh_interval: must be positive, got PT0S",
                "extensions::meshview/bad: trace_ui_url: must contain {trace_id}, e.g. http://jaeger:16686/trace/{trace_id}",
                "extensions::meshview/bad: traces.max_spans: must be at least 1, got 0");
    }
}
