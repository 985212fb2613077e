package io.meshlens.textparse;

import java.nio.charset.StandardCharsets;

/**
 * A reusable forward cursor over the labels of the current series (or exemplar), in exposition
 * order. Names and values are byte ranges into the parsed buffer; {@link #name()} and
 * {@link #value()} build Strings only when asked, and a value is unescaped only when it contains
 * a backslash. The parser hands out the same instance for every line, so a cursor is valid only
 * until the next {@link Parser#next()}.
 *
 * <pre>{@code
 * LabelCursor c = parser.labels();
 * while (c.next()) {
 *     attrs.put(c.name(), c.value());
 * }
 * }</pre>
 */
public final class LabelCursor {
    /** Offsets per label: name start, name end, value start, value end (raw, between quotes), escaped flag. */
    static final int STRIDE = 5;

    private byte[] buf;
    private int[] offs;
    private int count;
    private int at = -1;

    LabelCursor() {
    }

    LabelCursor reset(byte[] buf, int[] offs, int count) {
        this.buf = buf;
        this.offs = offs;
        this.count = count;
        this.at = -1;
        return this;
    }

    /** Advances to the next label; false when there are no more. */
    public boolean next() {
        if (at + 1 >= count) {
            at = count;
            return false;
        }
        at++;
        return true;
    }

    /** Number of labels (the metric name is not one of them). */
    public int count() {
        return count;
    }

    /** Moves before the first label again. */
    public void rewind() {
        at = -1;
    }

    /** The buffer the offsets refer to. */
    public byte[] buffer() {
        return buf;
    }

    public int nameStart() {
        return offs[at * STRIDE];
    }

    public int nameEnd() {
        return offs[at * STRIDE + 1];
    }

    /** Start of the raw value, just after the opening quote. */
    public int valueStart() {
        return offs[at * STRIDE + 2];
    }

    /** End of the raw value, at the closing quote. */
    public int valueEnd() {
        return offs[at * STRIDE + 3];
    }

    /** Whether the raw value contains a backslash, i.e. {@link #value()} differs from the raw bytes. */
    public boolean valueEscaped() {
        return offs[at * STRIDE + 4] != 0;
    }

    /** Whether the current name equals {@code ascii} (no allocation). */
    public boolean nameEquals(String ascii) {
        int s = nameStart();
        int n = nameEnd() - s;
        if (n != ascii.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (buf[s + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The label name (ASCII by the grammar). */
    public String name() {
        int s = nameStart();
        return new String(buf, s, nameEnd() - s, StandardCharsets.ISO_8859_1);
    }

    /** The unescaped label value ({@code \\}, {@code \"}, {@code \n}; any other escape is kept as written, as Prometheus does). */
    public String value() {
        int s = valueStart();
        int e = valueEnd();
        return valueEscaped() ? Escapes.unescape(buf, s, e, true) : new String(buf, s, e - s, StandardCharsets.UTF_8);
    }
}
