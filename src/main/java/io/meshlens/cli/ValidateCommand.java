package io.meshlens.cli;

import io.meshlens.component.Components;
import io.meshlens.service.ServiceRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code meshlens validate --config F...}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Checks a config without running it.",
                "Prints every error and warning (file:line:col) and exits 1 when there is an error;",
                "otherwise prints one line per pipeline and exits 0."})
final class ValidateCommand implements Callable<Integer> {
    private final Components components;

    @Mixin
    ConfigOptions config;

    ValidateCommand(Components components) {
        this.components = components;
    }

    @Override
    public Integer call() {
        return ServiceRunner.validate(config.load(components), System.out, System.err);
    }
}
