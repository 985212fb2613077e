package io.meshlens.service;

import io.meshlens.component.Components;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Writes YAML to a file named t.yaml and loads + validates it as the CLI does. */
final class TestConfigs {
    private TestConfigs() {
    }

    record Parsed(ServiceConfig config, ConfigErrors errors, Path file) {
        /** Every problem as printed, with the temp directory removed: {@code t.yaml:3:5: ...}. */
        List<String> messages() {
            String prefix = file.getParent().toString() + "/";
            return errors.all().stream().map(e -> e.toString().replace(prefix, "")).toList();
        }
    }

    static Parsed parse(Path dir, String yaml, Components components) {
        try {
            Path f = dir.resolve("t.yaml");
            Files.writeString(f, yaml);
            ConfigLoader.Result r = ConfigLoader.load(List.of(f), List.of(), Map.of());
            ConfigErrors errors = new ConfigErrors();
            errors.addAll(r.errors());
            return new Parsed(ServiceConfig.parse(r.root(), components, errors), errors, f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a config that must be valid and returns it. */
    static ServiceConfig valid(Path dir, String yaml, Components components) {
        Parsed p = parse(dir, yaml, components);
        if (p.errors().hasErrors()) {
            throw new AssertionError("config has errors:\n" + String.join("\n", p.messages()));
        }
        return p.config();
    }
}
