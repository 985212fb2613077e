package io.meshlens.cli;

import io.meshlens.service.BuiltinComponents;

/** The CLI with the test receiver {@code ticker} registered beside the built-in components. */
public final class RunTestMain {
    private RunTestMain() {
    }

    public static void main(String[] args) {
        System.exit(Main.execute(BuiltinComponents.create().register(new TickerReceiverFactory()), args));
    }
}
