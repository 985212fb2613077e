package io.meshlens.component;

/**
 * Lifecycle of every component. The service starts exporters, then processors, then receivers
 * (extensions before all of them), and shuts down in the reverse order, so no component gets data
 * before the ones after it are ready, and in-flight data drains downstream on shutdown.
 */
public interface Component {
    /** Starts background work. Must return promptly; failures abort the start of the service. */
    default void start(Host host) throws Exception {
    }

    /** Stops background work and flushes what is buffered to the next consumer. Idempotent. */
    default void shutdown() throws Exception {
    }
}
