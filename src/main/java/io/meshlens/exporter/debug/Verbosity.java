package io.meshlens.exporter.debug;

/** How much the debug exporter writes per batch. */
public enum Verbosity {
    /** One line per batch with counts. */
    BASIC,
    /** The counts line, then one line per data point (or span). */
    NORMAL,
    /** Everything: resource, scope, metric metadata and each point's fields. */
    DETAILED;

    public static Verbosity parse(String s) {
        return switch (s) {
            case "basic" -> BASIC;
            case "normal" -> NORMAL;
            case "detailed" -> DETAILED;
            default -> throw new IllegalArgumentException("\"" + s + "\" is not one of basic, normal, detailed");
        };
    }
}
