package io.meshlens.component;

/** The config section a component lives in. */
public enum Kind {
    RECEIVER("receivers"), PROCESSOR("processors"), EXPORTER("exporters"), EXTENSION("extensions"),
    CONNECTOR("connectors");

    private final String section;

    Kind(String section) {
        this.section = section;
    }

    /** The top-level config key, e.g. "processors". */
    public String section() {
        return section;
    }

    /** The prefix used in messages: {@code processors::filter/mesh}. */
    public String describe(ComponentId id) {
        return section + "::" + id;
    }
}
