package io.meshlens.remotewrite;

import java.nio.charset.StandardCharsets;

/**
 * One Prometheus series as the encoder sees it: its labels already encoded as the
 * {@code repeated Label labels = 1} fields of a TimeSeries (sorted by name), plus where it sits in
 * the batch being encoded. Created once per series and reused by every later push, so a
 * steady-state push copies these bytes instead of sanitizing, sorting and UTF-8-encoding labels.
 */
final class SeriesRef {
    final byte[] labelBytes;
    /** Encoder generation that last used this series, and its index in that batch. */
    int generation = -1;
    int index;

    SeriesRef(byte[] labelBytes) {
        this.labelBytes = labelBytes;
    }

    /** Encodes sorted name/value pairs as TimeSeries label fields. */
    static byte[] encodeLabels(String[] names, String[] values, int n) {
        byte[][] nb = new byte[n][];
        byte[][] vb = new byte[n][];
        int size = 0;
        for (int i = 0; i < n; i++) {
            nb[i] = names[i].getBytes(StandardCharsets.UTF_8);
            vb[i] = values[i].getBytes(StandardCharsets.UTF_8);
            int label = labelSize(nb[i].length, vb[i].length);
            size += 1 + Wire.varintSize(label) + label;
        }
        byte[] out = new byte[size];
        int p = 0;
        for (int i = 0; i < n; i++) {
            p = writeLabel(out, p, 1, nb[i], vb[i]);
        }
        return out;
    }

    static int labelSize(int nameLen, int valueLen) {
        return 1 + Wire.varintSize(nameLen) + nameLen + 1 + Wire.varintSize(valueLen) + valueLen;
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
