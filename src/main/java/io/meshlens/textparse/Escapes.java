package io.meshlens.textparse;

import java.nio.charset.StandardCharsets;

/** Prometheus's backslash escapes; anything else after a backslash is kept verbatim (strings.Replacer semantics). */
final class Escapes {
    private Escapes() {
    }

    /**
     * Unescapes {@code b[s, e)}: {@code \\} and {@code \n} always, {@code \"} when {@code quote}
     * (label values, and OpenMetrics HELP; text 0.0.4 HELP leaves {@code \"} as is).
     */
    static String unescape(byte[] b, int s, int e, boolean quote) {
        byte[] out = new byte[e - s];
        int n = 0;
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (c == '\\' && i + 1 < e) {
                byte d = b[i + 1];
                if (d == '\\' || d == 'n' || (quote && d == '"')) {
                    out[n++] = d == 'n' ? (byte) '\n' : d;
                    i++;
                    continue;
                }
            }
            out[n++] = c;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    static boolean containsBackslash(byte[] b, int s, int e) {
        for (int i = s; i < e; i++) {
            if (b[i] == '\\') {
                return true;
            }
        }
        return false;
    }
}
