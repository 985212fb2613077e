package io.meshlens.remotewrite;

import java.nio.charset.StandardCharsets;

/**
 * One Prometheus series as the encoder sees it: its labels already encoded as the
 * {@code repeated Label labels = 1} fields of a TimeSeries (sorted by name), plus where it sits in
 * the batch being encoded. Created once per series and reused by every later push, so a
 * steady-state push copies these bytes instead of sanitizing, sorting and UTF-8-encoding labels.
 *
 * <p>The labels are kept in parts so that the ~35 labels all series of one {@link LabelSet} have
 * in common are stored once per label set, not once per series (a histogram has a dozen bucket
 * series per label set). The output is {@code head[0, headLength) mid tail[tailFrom, )}: for a
 * plain series {@code mid} is its {@code __name__} label and head and tail are the label set's
 * shared bytes before and after it; for a bucket (quantile) series {@code mid} is its {@code le}
 * ({@code quantile}) label, {@code head} the labels before it incl. {@code __name__} (shared by
 * the buckets of one histogram) and {@code tail} the shared bytes after it. Writing is at most
 * three array copies. {@code mid} itself comes from {@link SharedLabels}: series of one name (one
 * bound) in all label sets keep one array.
 */
final class SeriesRef {
    private static final byte[] NONE = new byte[0];

    private final byte[] head;
    private final int headLength;
    private final byte[] mid;
    private final byte[] tail;
    private final int tailFrom;
    /** Encoder generation that last used this series, and its index in that batch. */
    int generation = -1;
    int index;

    /** Labels {@code head[0, headLength) mid tail[tailFrom, )}; no array is copied. */
    SeriesRef(byte[] head, int headLength, byte[] mid, byte[] tail, int tailFrom) {
        if (headLength < 0 || headLength > head.length || tailFrom < 0 || tailFrom > tail.length) {
            throw new IllegalArgumentException("head length " + headLength + " of " + head.length
                    + " bytes, tail from " + tailFrom + " of " + tail.length + " bytes");
        }
        this.head = head;
        this.headLength = headLength;
        this.mid = mid;
        this.tail = tail;
        this.tailFrom = tailFrom;
    }

    /** A series whose labels are all its own (nothing shared). */
    SeriesRef(byte[] labels) {
        this(labels, labels.length, NONE, NONE, 0);
    }

    /** Size of the encoded label fields. */
    int labelsLength() {
        return headLength + mid.length + tail.length - tailFrom;
    }

    /** Writes the encoded label fields at {@code out[p]} and returns the position after them. */
    int writeLabels(byte[] out, int p) {
        if (headLength > 0) { // 0 for most plain series: __name__ sorts before lowercase label names
            System.arraycopy(head, 0, out, p, headLength);
            p += headLength;
        }
        byte[] m = mid;
        System.arraycopy(m, 0, out, p, m.length);
        p += m.length;
        byte[] t = tail;
        int n = t.length - tailFrom;
        System.arraycopy(t, tailFrom, out, p, n);
        return p + n;
    }

    byte[] head() {
        return head;
    }

    byte[] tail() {
        return tail;
    }

    byte[] mid() {
        return mid;
    }

    /** Bytes not shared with the other series of its label set, unless it is one whose labels are all its own. */
    int midLength() {
        return mid.length;
    }

    /** Encodes sorted name/value pairs as TimeSeries label fields. */
    static byte[] encodeLabels(String[] names, String[] values, int n) {
        byte[][] nb = new byte[n][];
        byte[][] vb = new byte[n][];
        int size = 0;
        for (int i = 0; i < n; i++) {
            nb[i] = names[i].getBytes(StandardCharsets.UTF_8);
            vb[i] = values[i].getBytes(StandardCharsets.UTF_8);
            size += fieldSize(nb[i].length, vb[i].length);
        }
        byte[] out = new byte[size];
        int p = 0;
        for (int i = 0; i < n; i++) {
            p = writeLabel(out, p, 1, nb[i], vb[i]);
        }
        return out;
    }

    /** One label encoded as a TimeSeries label field. */
    static byte[] encodeLabel(String name, String value) {
        return encodeLabels(new String[] {name}, new String[] {value}, 1);
    }

    static int labelSize(int nameLen, int valueLen) {
        return 1 + Wire.varintSize(nameLen) + nameLen + 1 + Wire.varintSize(valueLen) + valueLen;
    }

    /** Size of a Label written as a length-delimited field with a one-byte tag. */
    static int fieldSize(int nameLen, int valueLen) {
        int label = labelSize(nameLen, valueLen);
        return 1 + Wire.varintSize(label) + label;
    }

    /** Writes a Label message as field {@code field} (length-delimited) and returns the new position. */
    static int writeLabel(byte[] out, int p, int field, byte[] name, byte[] value) {
        out[p++] = (byte) (field << 3 | 2);
        p = Wire.putVarint(out, p, labelSize(name.length, value.length));
        out[p++] = 0x0A;
        p = Wire.putVarint(out, p, name.length);
        System.arraycopy(name, 0, out, p, name.length);
        p += name.length;
        out[p++] = 0x12;
        p = Wire.putVarint(out, p, value.length);
        System.arraycopy(value, 0, out, p, value.length);
        return p + value.length;
    }
}
