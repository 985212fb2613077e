package io.meshlens.config;

/** Where a config value came from: file (or "--set"), 1-based line and column. */
public record Mark(String source, int line, int column) {
    public static final Mark UNKNOWN = new Mark("<unknown>", 0, 0);

    @Override
    public String toString() {
        return line > 0 ? source + ":" + line + ":" + column : source;
    }
}
