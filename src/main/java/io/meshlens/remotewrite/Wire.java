package io.meshlens.remotewrite;

/** The few protobuf wire primitives the hand encoder needs, over a plain byte array. */
final class Wire {
    private Wire() {
    }

    static int varintSize(long v) {
        // 7 bits per byte, at least one byte; negative values take all 64 bits (10 bytes). No loop:
        // the encoder sizes every sample's timestamp with this before writing it.
        int bits = 64 - Long.numberOfLeadingZeros(v | 1);
        return (bits + 6) / 7;
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
        LONG_LE.set(out, p, v); // one little-endian store (a sample value per call)
        return p + 8;
    }

    private static final java.lang.invoke.VarHandle LONG_LE =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
}
