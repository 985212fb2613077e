package io.meshlens.cli;

import io.meshlens.component.Components;
import io.meshlens.config.GoDuration;
import io.meshlens.service.ServiceRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/** {@code meshlens run --config F...}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the pipelines of a config until SIGTERM/SIGINT, then shuts down gracefully.")
final class RunCommand implements Callable<Integer> {
    private final Components components;

    @Mixin
    ConfigOptions config;

    @Option(names = "--shutdown-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long a graceful shutdown may take before exiting anyway (default: ${DEFAULT-VALUE}).")
    String shutdownTimeout;

    RunCommand(Components components) {
        this.components = components;
    }

    @Override
    public Integer call() {
        return ServiceRunner.run(config.load(components), GoDuration.parse(shutdownTimeout), System.err);
    }
}
