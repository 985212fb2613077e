package io.meshlens.component;

import java.util.Set;

/** Creates one extension per extension ID listed in service.extensions. */
public interface ExtensionFactory<C> extends Factory<C> {
    Extension create(CreateSettings settings, C config);

    @Override
    default Kind kind() {
        return Kind.EXTENSION;
    }

    @Override
    default Set<Signal> signals() {
        return Set.of();
    }
}
