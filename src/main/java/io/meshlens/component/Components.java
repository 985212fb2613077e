package io.meshlens.component;

import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/** The factories known to this build, by kind and type name. Built explicitly in {@code BuiltinComponents}. */
public final class Components {
    private final Map<Kind, Map<String, Factory<?>>> byKind = new EnumMap<>(Kind.class);

    public Components register(Factory<?> f) {
        Map<String, Factory<?>> m = byKind.computeIfAbsent(f.kind(), k -> new TreeMap<>());
        if (m.putIfAbsent(f.type(), f) != null) {
            throw new IllegalStateException("duplicate " + f.kind() + " factory " + f.type());
        }
        return this;
    }

    /** The factory, or null when no such type exists for that kind. */
    public Factory<?> get(Kind kind, String type) {
        return byKind.getOrDefault(kind, Map.of()).get(type);
    }

    public Collection<Factory<?>> all(Kind kind) {
        return byKind.getOrDefault(kind, Map.of()).values();
    }

    /** Sorted type names of a kind, for "unknown type" messages. */
    public String typeNames(Kind kind) {
        return String.join(", ", byKind.getOrDefault(kind, Map.of()).keySet());
    }
}
