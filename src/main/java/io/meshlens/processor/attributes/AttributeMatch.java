package io.meshlens.processor.attributes;

import io.meshlens.model.AttributeValues;
import io.meshlens.model.Attributes;

import java.util.Arrays;
import java.util.List;

/**
 * One {@code attributes}/{@code resources} entry of include/exclude: the key must be present and,
 * when a value is given, equal it (strict: same type and value) or match it (regexp: the value
 * rendered as a string; only strings, bools, ints and doubles can match).
 */
record AttributeMatch(String key, Object value, StringSet regexp) {
    /** All entries must match; an empty list matches everything, an empty attribute set nothing. */
    static boolean all(List<AttributeMatch> matches, Attributes attrs) {
        if (matches.isEmpty()) {
            return true;
        }
        if (attrs.isEmpty()) {
            return false;
        }
        for (AttributeMatch m : matches) {
            if (!m.matches(attrs)) {
                return false;
            }
        }
        return true;
    }

    boolean matches(Attributes attrs) {
        Object v = attrs.get(key);
        if (v == null) {
            return false;
        }
        if (regexp != null) {
            String s = asMatchString(v);
            return s != null && regexp.matches(s);
        }
        if (value == null) {
            return true;
        }
        if (v.getClass() != value.getClass()) {
            return false;
        }
        return v instanceof byte[] b ? Arrays.equals(b, (byte[]) value) : v.equals(value);
    }

    /** Go's {@code strconv} rendering used by the Collector's attribute matcher; null for other types. */
    private static String asMatchString(Object v) {
        return switch (v) {
            case String s -> s;
            case Boolean b -> b.toString();
            case Long l -> l.toString();
            case Double d -> d.isNaN() || d.isInfinite() ? AttributeValues.formatDouble(d)
                    : java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
            default -> null;
        };
    }
}
