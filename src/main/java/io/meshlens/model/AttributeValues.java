package io.meshlens.model;

import java.util.Base64;
import java.util.List;

/** Conversions of attribute values, matching OTLP pdata's {@code Value.AsString()}. */
public final class AttributeValues {
    private AttributeValues() {
    }

    public static String asString(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof Double d) {
            return formatDouble(d);
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof List<?> || v instanceof Attributes) {
            StringBuilder sb = new StringBuilder();
            appendJson(sb, v);
            return sb.toString();
        }
        return v.toString();
    }

    /** Go's strconv.FormatFloat(f, 'g', -1, 64) style used by pdata for doubles. */
    public static String formatDouble(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }

    private static void appendJson(StringBuilder sb, Object v) {
        if (v instanceof String s) {
            sb.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> sb.append("\\\"");
                    case '\\' -> sb.append("\\\\");
                    case '\n' -> sb.append("\\n");
                    case '\r' -> sb.append("\\r");
                    case '\t' -> sb.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                    }
                }
            }
            sb.append('"');
        } else if (v instanceof List<?> list) {
            sb.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendJson(sb, list.get(i));
            }
            sb.append(']');
        } else if (v instanceof Attributes a) {
            sb.append('{');
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                appendJson(sb, a.key(i));
                sb.append(':');
                appendJson(sb, a.value(i));
            }
            sb.append('}');
        } else if (v == null) {
            sb.append("null");
        } else if (v instanceof byte[]) {
            appendJson(sb, asString(v));
        } else {
            sb.append(asString(v));
        }
    }
}
