package io.meshlens.model;

/** Instrumentation scope (name, version, attributes). */
public record Scope(String name, String version, Attributes attributes) {
    public static final Scope EMPTY = new Scope("", "", Attributes.EMPTY);

    public Scope {
        name = name == null ? "" : name;
        version = version == null ? "" : version;
        attributes = attributes == null ? Attributes.EMPTY : attributes;
    }
}
