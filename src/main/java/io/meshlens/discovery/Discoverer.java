package io.meshlens.discovery;

import java.util.List;
import java.util.function.Consumer;

/**
 * A source of target groups (static, file, Kubernetes). After {@link #start} the discoverer calls
 * {@code onUpdate} with every group that changed, each group replacing the previous one with the
 * same {@link TargetGroup#source()}. Calls come from one thread at a time, in order.
 */
public interface Discoverer extends AutoCloseable {
    void start(Consumer<List<TargetGroup>> onUpdate);

    /** Stops watching; no call to {@code onUpdate} starts after this returns. Idempotent. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
