package io.meshlens.exporter.meshview;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Extension;
import io.meshlens.component.Host;
import io.meshlens.component.Kind;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.telemetry.Telemetry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MeshViewExporterTest {
    static MeshViewExporterConfig load(String key, ConfigErrors errors) throws Exception {
        Path f = Path.of(MeshViewExporterTest.class.getResource("/exporter/meshview/config.yaml").toURI());
        ConfigNode.MapNode exps = (ConfigNode.MapNode) ConfigLoader.load(List.of(f), List.of(), Map.of()).root()
                .get("exporters");
        return new MeshViewExporterFactory().parseConfig(new ConfigReader(exps.get(key), "exporters::" + key, errors));
    }

    @Test
    void configNamesTheMeshviewExtension() throws Exception {
        ConfigErrors errors = new ConfigErrors();
        assertThat(load("meshview", errors)).isEqualTo(MeshViewExporterConfig.DEFAULT);
        assertThat(load("meshview/other", errors).extension()).isEqualTo(new ComponentId("meshview", "blue"));
        assertThat(errors.all()).isEmpty();
        load("meshview/bad", errors);
        assertThat(errors.all()).extracting(e -> e.component() + ": " + e.message()).containsExactly(
                "exporters::meshview/bad: extension: must name a meshview extension (meshview or meshview/<name>), "
                        + "got \"health_check\"");
    }

    @Test
    void startFailsPlainlyWhenTheNamedExtensionIsNotRunning() {
        var exporter = new MeshViewExporterFactory().create(new CreateSettings(new ComponentId("meshview", ""),
                Kind.EXPORTER, "", new Telemetry(), Logger.getLogger("t")), MeshViewExporterConfig.DEFAULT);
        Host host = new Host() {
            @Override
            public Map<ComponentId, Extension> extensions() {
                return Map.of();
            }

            @Override
            public Telemetry telemetry() {
                return new Telemetry();
            }

            @Override
            public void reportFatalError(ComponentId id, Throwable error) {
            }
        };
        assertThatThrownBy(() -> exporter.start(host)).hasMessage("exporters::meshview: extension \"meshview\" is not "
                + "started; add it to extensions and to service.extensions");
    }
}
