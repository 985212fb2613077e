package io.meshlens.k8s;

import java.util.Map;

/** Names and helpers shared by the roles: the {@code __meta_kubernetes_} label vocabulary. */
final class MetaLabels {
    static final String PREFIX = "__meta_kubernetes_";
    static final String ADDRESS = "__address__";
    static final String INSTANCE = "instance";
    static final String NAMESPACE = PREFIX + "namespace";
    static final String PRESENT = "true";

    private MetaLabels() {
    }

    /** Prometheus's {@code strutil.SanitizeLabelName}: every char outside [a-zA-Z0-9_] becomes '_'. */
    static String sanitize(String name) {
        StringBuilder sb = null;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            if (!ok) {
                if (sb == null) {
                    sb = new StringBuilder(name);
                }
                sb.setCharAt(i, '_');
            }
        }
        return sb == null ? name : sb.toString();
    }

    /**
     * Adds {@code <prefix>label_<name>=value} and {@code <prefix>labelpresent_<name>=true} for each
     * entry (same for annotations with kind "annotation").
     */
    static void putAll(Map<String, String> out, String objectPrefix, String kind, Map<String, String> values) {
        if (values == null) {
            return;
        }
        values.forEach((k, v) -> {
            String ln = sanitize(k);
            out.put(objectPrefix + kind + "_" + ln, v == null ? "" : v);
            out.put(objectPrefix + kind + "present_" + ln, PRESENT);
        });
    }

    /** Go's {@code net.JoinHostPort}: brackets IPv6 hosts. */
    static String joinHostPort(String host, String port) {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }

    static String nz(String s) {
        return s == null ? "" : s;
    }
}
