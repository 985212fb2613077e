package io.meshlens.testing;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Kind;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.telemetry.Telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** Test helpers of the processors area: config sections from YAML text or test resources, create settings. */
public final class ProcessorsConfigs {
    private ProcessorsConfigs() {
    }

    /** A test resource file, e.g. {@code /processor/batch/config.yaml}. */
    public static Path resource(String name) {
        try {
            return Path.of(ProcessorsConfigs.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A reader of {@code processors::<id>} of {@code file} (an empty mapping when the section is empty). */
    public static ConfigReader section(Path file, String id, ConfigErrors errors) {
        ConfigLoader.Result r = ConfigLoader.load(List.of(file), List.of(), Map.of());
        errors.addAll(r.errors());
        ConfigNode processors = r.root().get("processors");
        ConfigNode node = processors instanceof ConfigNode.MapNode m ? m.get(id) : null;
        if (node instanceof ConfigNode.ScalarNode s && (s.isNull() || s.text().isEmpty())) {
            node = null; // "resource/x:" with nothing under it: no section, as the Collector treats it
        }
        return new ConfigReader(node, "processors::" + id, errors);
    }

    /** A reader of the top-level mapping of {@code yaml}, written to a file named {@code test.yaml}. */
    public static ConfigReader fromYaml(String yaml, ConfigErrors errors) {
        try {
            Path dir = Files.createTempDirectory("meshlens-proc");
            Path f = dir.resolve("test.yaml");
            Files.writeString(f, yaml);
            ConfigLoader.Result r = ConfigLoader.load(List.of(f), List.of(), Map.of());
            errors.addAll(r.errors());
            Files.delete(f);
            Files.delete(dir);
            return new ConfigReader(r.root(), "processors::test", errors);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CreateSettings settings(String id, Telemetry telemetry) {
        return new CreateSettings(ComponentId.parse(id), Kind.PROCESSOR, "metrics/mesh", telemetry,
                Logger.getLogger("processor." + id));
    }
}
