package io.meshlens.cli;

import io.meshlens.component.Components;
import io.meshlens.service.ServiceRunner;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code --config F... [--set key::path=value]...}, shared by run and validate. */
final class ConfigOptions {
    @Option(names = {"--config", "-c"}, required = true, arity = "1..*", paramLabel = "FILE",
            description = "Collector-format YAML config; several files are merged in order (later wins).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--set", paramLabel = "KEY::PATH=VALUE",
            description = "Overrides one value, e.g. --set processors::batch::timeout=1s (applied after the files).")
    List<String> sets = new ArrayList<>();

    ServiceRunner.Loaded load(Components components) {
        return ServiceRunner.load(files, sets, System.getenv(), components);
    }
}
