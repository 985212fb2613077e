package io.meshlens.remotewrite;

/** The few protobuf wire primitives the hand encoder needs, over a plain byte array. */
final class Wire {
    private Wire() {
    }

    static int varintSize(long v) {
        if (v < 0) {
            return 10;
        }
        int n = 1;
        while (v >= 0x80) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    static int putVarint(byte[] out, int p, long v) {
        while ((v & ~0x7FL) != 0) {
            out[p++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out[p++] = (byte) v;
        return p;
    }

    static int putFixed64(byte[] out, int p, long v) {
        for (int i = 0; i < 8; i++) {
            out[p++] = (byte) (v >>> (8 * i));
        }
        return p;
    }
}
