package io.meshlens.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code meshlens demo}: the simulated meshed shop. Not built yet (a later issue makes it real). */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs meshlens against a simulated Linkerd-meshed shop (not built yet).")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("meshlens demo is not built yet: the simulated meshed shop arrives in a later issue.");
        System.err.println("Meanwhile: ./meshlens validate --config examples/linkerd-mesh.yaml");
        return 2;
    }
}
