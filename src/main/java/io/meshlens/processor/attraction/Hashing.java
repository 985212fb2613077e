package io.meshlens.processor.attraction;

import io.meshlens.model.Attributes;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code hash} action: SHA-256 (the Collector switched from SHA-1 in 2023, contrib#22831) in
 * lower-case hex, over the value's bytes as the Collector feeds them: UTF-8 for strings, one byte
 * 1/0 for booleans, 8 little-endian bytes for ints and for the IEEE bits of doubles. Values with
 * no bytes (an empty string, byte arrays, lists, maps) become the empty string, as in v0.118.
 */
final class Hashing {
    private Hashing() {
    }

    static String sha256Hex(Object v) {
        byte[] bytes;
        if (v instanceof String s) {
            bytes = s.getBytes(StandardCharsets.UTF_8);
        } else if (v instanceof Boolean b) {
            bytes = new byte[] {(byte) (b ? 1 : 0)};
        } else if (v instanceof Long l) {
            bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(l).array();
        } else if (v instanceof Double d) {
            bytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(Double.doubleToRawLongBits(d)).array();
        } else if (v instanceof byte[] || v instanceof List<?> || v instanceof Attributes) {
            bytes = new byte[0];
        } else {
            bytes = String.valueOf(v).getBytes(StandardCharsets.UTF_8);
        }
        if (bytes.length == 0) {
            return "";
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
