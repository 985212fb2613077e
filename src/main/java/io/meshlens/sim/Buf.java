package io.meshlens.sim;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte buffer that writes exposition text without creating strings: label strings are
 * pre-encoded once per series, numbers are formatted straight into the array. Buffers are pooled by
 * {@link ProxyMetrics} so thousands of proxies share a few of them.
 */
final class Buf {
    private byte[] a;
    private int n;

    Buf(int capacity) {
        a = new byte[capacity];
    }

    void reset() {
        n = 0;
    }

    int size() {
        return n;
    }

    byte[] toArray() {
        return Arrays.copyOf(a, n);
    }

    private void ensure(int more) {
        if (n + more > a.length) {
            a = Arrays.copyOf(a, Math.max(a.length * 2, n + more));
        }
    }

    Buf put(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, a, n, b.length);
        n += b.length;
        return this;
    }

    Buf put(char c) {
        ensure(1);
        a[n++] = (byte) c;
        return this;
    }

    /** ASCII only (metric names, fixed label text). */
    Buf put(String s) {
        int len = s.length();
        ensure(len);
        for (int i = 0; i < len; i++) {
            a[n++] = (byte) s.charAt(i);
        }
        return this;
    }

    Buf num(long v) {
        if (v < 0) {
            put('-');
            v = -v;
        }
        ensure(20);
        if (v == 0) {
            a[n++] = '0';
            return this;
        }
        int start = n;
        while (v > 0) {
            a[n++] = (byte) ('0' + v % 10);
            v /= 10;
        }
        for (int i = start, j = n - 1; i < j; i++, j--) {
            byte t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return this;
    }

    /** A float as the prometheus-client crate prints it (dtoa): always a decimal point, no exponent for ordinary values. */
    Buf dbl(double v) {
        if (Double.isInfinite(v)) {
            return put(v > 0 ? "+Inf" : "-Inf");
        }
        if (Double.isNaN(v)) {
            return put("NaN");
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return num((long) v).put(".0");
        }
        String s = Double.toString(v);
        if (s.indexOf('E') >= 0) {
            s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
            if (s.indexOf('.') < 0) {
                s = s + ".0";
            }
        }
        return put(s);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
