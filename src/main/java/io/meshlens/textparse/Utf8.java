package io.meshlens.textparse;

/**
 * UTF-8 well-formedness as Go's {@code utf8.Valid} (no overlong forms, no surrogates, nothing
 * above U+10FFFF). Only called for ranges that contain a byte >= 0x80, so ASCII costs nothing.
 */
final class Utf8 {
    private Utf8() {
    }

    /** Returns the offset of the first invalid byte, or -1 if {@code b[s, e)} is valid. */
    static int firstInvalid(byte[] b, int s, int e) {
        int i = s;
        while (i < e) {
            int c = b[i] & 0xff;
            if (c < 0x80) {
                i++;
                continue;
            }
            int n;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                n = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                n = 2;
                if (c == 0xE0) {
                    lo = 0xA0;
                } else if (c == 0xED) {
                    hi = 0x9F;
                }
            } else if (c >= 0xF0 && c <= 0xF4) {
                n = 3;
                if (c == 0xF0) {
                    lo = 0x90;
                } else if (c == 0xF4) {
                    hi = 0x8F;
                }
            } else {
                return i;
            }
            if (i + n >= e) {
                return i;
            }
            int c1 = b[i + 1] & 0xff;
            if (c1 < lo || c1 > hi) {
                return i;
            }
            for (int k = 2; k <= n; k++) {
                int ck = b[i + k] & 0xff;
                if (ck < 0x80 || ck > 0xBF) {
                    return i;
                }
            }
            i += n + 1;
        }
        return -1;
    }
}
