package io.meshlens.cli;

import io.meshlens.component.Components;
import io.meshlens.service.ServiceRunner;
import picocli.CommandLine.Command;

/** {@code meshlens components}. */
@Command(name = "components", mixinStandardHelpOptions = true,
        description = "Lists the receiver, processor, exporter and extension types of this build.")
final class ComponentsCommand implements Runnable {
    private final Components components;

    ComponentsCommand(Components components) {
        this.components = components;
    }

    @Override
    public void run() {
        ServiceRunner.listComponents(components, System.out);
    }
}
