package io.meshlens.processor.attraction;

import io.meshlens.model.AttributeValues;

/**
 * The {@code convert} action with the Collector's rules: a value that cannot be converted is
 * left as it is. Strings parse as Go's {@code strconv.ParseInt(s, 10, 64)} / {@code ParseFloat},
 * which (unlike Java's parsers) reject surrounding spaces and suffixes like "1.5d".
 */
final class Conversion {
    private Conversion() {
    }

    /** The converted value, or {@code v} itself when it is already of that type or cannot be converted. */
    static Object convert(Object v, String to) {
        return switch (to) {
            case ActionsParser.STRING -> v instanceof String ? v : AttributeValues.asString(v);
            case ActionsParser.INT -> switch (v) {
                case Long l -> l;
                case Double d -> (long) d.doubleValue();
                case Boolean b -> b ? 1L : 0L;
                case String s -> parseGoInt(s, v);
                default -> v;
            };
            case ActionsParser.DOUBLE -> switch (v) {
                case Long l -> l.doubleValue();
                case Double d -> d;
                case Boolean b -> b ? 1.0 : 0.0;
                case String s -> parseGoFloat(s, v);
                default -> v;
            };
            default -> v;
        };
    }

    private static Object parseGoInt(String s, Object fallback) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    static Object parseGoFloat(String s, Object fallback) {
        if (s.isEmpty() || s.strip().length() != s.length()) {
            return fallback;
        }
        String body = s.charAt(0) == '+' || s.charAt(0) == '-' ? s.substring(1) : s;
        String lower = body.toLowerCase(java.util.Locale.ROOT);
        boolean negative = s.charAt(0) == '-';
        if (lower.equals("inf") || lower.equals("infinity")) {
            return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (lower.equals("nan")) {
            return Double.NaN;
        }
        char last = lower.charAt(lower.length() - 1);
        if (last == 'd' || last == 'f' || lower.startsWith("infinity") || lower.contains("nan")) {
            return fallback;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
