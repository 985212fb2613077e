package io.meshlens.exporter.prometheus;

/**
 * Text 0.0.4 (and OpenMetrics 1.0) only carry names of {@code [a-zA-Z_:][a-zA-Z0-9_:]*} (labels
 * without {@code :}). {@link io.meshlens.remotewrite.PrometheusNaming} keeps Unicode letters and
 * digits, as contrib's translator does; on a page they would make the whole scrape fail, so the
 * rest is escaped to {@code _} here, as prometheus/common's underscore escaping does.
 */
final class LegacyNames {
    private LegacyNames() {
    }

    static String metric(String name) {
        return escape(name, true);
    }

    static String label(String name) {
        return escape(name, false);
    }

    private static String escape(String s, boolean colonAllowed) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || colonAllowed && c == ':'
                    || c >= '0' && c <= '9' && i > 0;
            if (!ok && sb == null) {
                sb = new StringBuilder(s.length()).append(s, 0, i);
            }
            if (sb != null) {
                if (ok) {
                    sb.append(c);
                } else if (!Character.isLowSurrogate(c)) {
                    // One '_' per code point, not per UTF-16 unit.
                    sb.append('_');
                }
            }
        }
        return sb == null ? s : sb.toString();
    }
}
