package io.meshlens.config;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Types a plain (unquoted, untagged) YAML scalar the way the Collector's YAML library (go-yaml v3)
 * does, which differs from YAML 1.2 core in ways users hit: {@code 0123} is octal (83),
 * {@code 1_000} is 1000, {@code yes}/{@code on} stay strings, timestamps stay strings.
 * Results are null, Boolean, Long, Double or String (the input itself).
 */
final class YamlScalars {
    private static final Map<String, Object> WORDS = Map.ofEntries(
            Map.entry("true", true), Map.entry("True", true), Map.entry("TRUE", true),
            Map.entry("false", false), Map.entry("False", false), Map.entry("FALSE", false),
            Map.entry(".nan", Double.NaN), Map.entry(".NaN", Double.NaN), Map.entry(".NAN", Double.NaN),
            Map.entry(".inf", Double.POSITIVE_INFINITY), Map.entry(".Inf", Double.POSITIVE_INFINITY),
            Map.entry(".INF", Double.POSITIVE_INFINITY), Map.entry("+.inf", Double.POSITIVE_INFINITY),
            Map.entry("+.Inf", Double.POSITIVE_INFINITY), Map.entry("+.INF", Double.POSITIVE_INFINITY),
            Map.entry("-.inf", Double.NEGATIVE_INFINITY), Map.entry("-.Inf", Double.NEGATIVE_INFINITY),
            Map.entry("-.INF", Double.NEGATIVE_INFINITY));
    private static final java.util.Set<String> NULLS = java.util.Set.of("", "~", "null", "Null", "NULL");
    private static final Pattern YAML_FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");

    private YamlScalars() {
    }

    static Object resolvePlain(String in) {
        if (NULLS.contains(in)) {
            return null;
        }
        char c = in.charAt(0);
        boolean numberHint = c == '+' || c == '-' || (c >= '0' && c <= '9');
        // go-yaml only looks words up when the first character could start one of them.
        if (numberHint || c == '.' || "yYnNtTfFoO~".indexOf(c) >= 0) {
            Object word = WORDS.get(in);
            if (word != null) {
                return word;
            }
        }
        if (c == '.') {
            Double d = parseFloat(in);
            return d != null ? d : in;
        }
        if (!numberHint) {
            return in;
        }
        String plain = in.replace("_", "");
        Object n = parseGoInt(plain);
        if (n != null) {
            return n;
        }
        Double d = parseFloat(plain);
        return d != null ? d : in;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)}, falling back to ParseUint for large values. */
    private static Object parseGoInt(String s) {
        int i = 0;
        boolean neg = false;
        if (s.startsWith("+") || s.startsWith("-")) {
            neg = s.charAt(0) == '-';
            i = 1;
        }
        String body = s.substring(i);
        int radix = 10;
        if (body.length() > 2 && body.charAt(0) == '0') {
            switch (Character.toLowerCase(body.charAt(1))) {
                case 'x' -> radix = 16;
                case 'o' -> radix = 8;
                case 'b' -> radix = 2;
                default -> { }
            }
        }
        if (radix != 10) {
            body = body.substring(2);
        } else if (body.length() > 1 && body.charAt(0) == '0') {
            radix = 8; // Go base-0 parsing: a leading 0 means octal
            body = body.substring(1);
        }
        if (body.isEmpty() || body.charAt(0) == '+' || body.charAt(0) == '-') {
            return null;
        }
        try {
            java.math.BigInteger v = new java.math.BigInteger(body, radix);
            if (neg) {
                v = v.negate();
            }
            if (v.bitLength() < 64) {
                return v.longValue();
            }
            // Above int64 go-yaml yields a uint64; Java has none, so the nearest double is kept.
            return !neg && v.bitLength() <= 64 ? v.doubleValue() : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Double parseFloat(String s) {
        if (!YAML_FLOAT.matcher(s).matches()) {
            return null;
        }
        double d = Double.parseDouble(s);
        return Double.isInfinite(d) ? null : d; // Go reports a range error, the scalar stays a string
    }
}
