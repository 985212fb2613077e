package io.meshlens.sim;

/** Builds {@code k="v",k2="v2"} label text in the order given, escaping values as the text format requires. */
final class LabelText {
    private final StringBuilder b = new StringBuilder(256);

    static LabelText of() {
        return new LabelText();
    }

    LabelText add(String key, String value) {
        if (!b.isEmpty()) {
            b.append(',');
        }
        b.append(key).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '"' -> b.append("\\\"");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        b.append('"');
        return this;
    }

    /** Appends already-built label text. */
    LabelText raw(String text) {
        if (!text.isEmpty()) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(text);
        }
        return this;
    }

    @Override
    public String toString() {
        return b.toString();
    }
}
