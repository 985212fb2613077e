package io.meshlens.ottl;

import io.meshlens.model.AttributeValues;
import io.meshlens.model.Attributes;

import java.math.BigDecimal;
import java.util.HexFormat;
import java.util.List;

/**
 * OTTL's StringLikeGetter conversion (used by IsMatch, String, Concat): strings as they are, bytes
 * as lower-case hex, maps and lists as JSON, other values as Go's {@code json.Marshal} writes them
 * (so 1.5 → "1.5", 1e21 → "1e+21", true → "true"); nil stays nil.
 */
final class StringLike {
    private StringLike() {
    }

    static String of(Object v) {
        return switch (v) {
            case null -> null;
            case String s -> s;
            case byte[] b -> HexFormat.of().formatHex(b);
            case Attributes a -> AttributeValues.asString(a);
            case List<?> l -> AttributeValues.asString(l);
            case Long l -> Long.toString(l);
            case Boolean b -> b.toString();
            case Double d -> goJsonFloat(d);
            default -> throw new OttlEvalException("unsupported type: " + v.getClass().getSimpleName());
        };
    }

    /** encoding/json's float64 format: shortest digits, plain in [1e-6, 1e21), else exponent form. */
    static String goJsonFloat(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new OttlEvalException("unsupported value: " + AttributeValues.formatDouble(d));
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0" : "0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-6 && abs < 1e21) {
            return bd.toPlainString();
        }
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        StringBuilder sb = new StringBuilder();
        if (d < 0) {
            sb.append('-');
        }
        sb.append(digits.charAt(0));
        if (digits.length() > 1) {
            sb.append('.').append(digits, 1, digits.length());
        }
        sb.append('e').append(exp < 0 ? '-' : '+').append(Math.abs(exp));
        return sb.toString();
    }
}
