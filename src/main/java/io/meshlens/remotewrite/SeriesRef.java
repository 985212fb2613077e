package io.meshlens.remotewrite;

import java.nio.charset.StandardCharsets;

/**
 * One Prometheus series as the encoder sees it: its labels already encoded as the
 * {@code repeated Label labels = 1} fields of a TimeSeries (sorted by name), plus where it sits in
 * the batch being encoded. Created once per series and reused by every later push, so a
 * steady-state push copies these bytes instead of sanitizing, sorting and UTF-8-encoding labels.
 *
 * <p>The labels are kept in two parts so that the ~35 labels all series of one {@link LabelSet}
 * have in common are stored once per label set, not once per series (a histogram has a dozen
 * bucket series per label set): {@code shared} holds the label set's encoded labels, {@code own}
 * this series' {@code __name__} (and {@code le}/{@code quantile}) label, in output order. The
 * output is {@code shared[0, at1) own[0, split) shared[at1, at2) own[split, ) shared[at2, )}.
 */
final class SeriesRef {
    private static final byte[] NONE = new byte[0];

    private final byte[] shared;
    private final byte[] own;
    private final int at1;
    private final int split;
    private final int at2;
    /** Encoder generation that last used this series, and its index in that batch. */
    int generation = -1;
    int index;

    /**
     * @param shared encoded labels common to the label set's series (not copied)
     * @param own this series' labels to insert: {@code own[0, split)} goes at byte {@code at1} of
     *     {@code shared}, {@code own[split, )} at byte {@code at2 >= at1}
     */
    SeriesRef(byte[] shared, int at1, int at2, byte[] own, int split) {
        if (at1 < 0 || at1 > at2 || at2 > shared.length || split < 0 || split > own.length) {
            throw new IllegalArgumentException("insert offsets " + at1 + "/" + at2 + " into " + shared.length
                    + " shared bytes, split " + split + " of " + own.length + " own bytes");
        }
        this.shared = shared;
        this.at1 = at1;
        this.at2 = at2;
        this.own = own;
        this.split = split;
    }

    /** A series whose labels are all its own (nothing shared). */
    SeriesRef(byte[] labels) {
        this(NONE, 0, 0, labels, labels.length);
    }

    /** Size of the encoded label fields. */
    int labelsLength() {
        return shared.length + own.length;
    }

    /** Writes the encoded label fields at {@code out[p]} and returns the position after them. */
    int writeLabels(byte[] out, int p) {
        byte[] s = shared;
        byte[] o = own;
        if (at1 > 0) { // usually 0: __name__ sorts before lowercase label names
            System.arraycopy(s, 0, out, p, at1);
            p += at1;
        }
        System.arraycopy(o, 0, out, p, split);
        p += split;
        if (split < o.length) {
            System.arraycopy(s, at1, out, p, at2 - at1);
            p += at2 - at1;
            System.arraycopy(o, split, out, p, o.length - split);
            p += o.length - split;
        }
        System.arraycopy(s, at2, out, p, s.length - at2);
        return p + s.length - at2;
    }

    /** The shared part, for tests that check it is shared. */
    byte[] shared() {
        return shared;
    }

    /** Bytes this series keeps for itself (the shared part is the label set's). */
    int ownLength() {
        return own.length;
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
