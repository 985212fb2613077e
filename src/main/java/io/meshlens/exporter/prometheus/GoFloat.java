package io.meshlens.exporter.prometheus;

import java.math.BigDecimal;

/**
 * Sample values and {@code le}/{@code quantile} values as client_golang writes them: Go's
 * {@code strconv.FormatFloat(f, 'g', -1, 64)}: shortest digits, exponent form below 1e-4 and from
 * 1e6 up, exponent at least two digits ({@code 1e+06}), so pages read like the Collector's.
 */
final class GoFloat {
    private GoFloat() {
    }

    static String format(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "+Inf" : "-Inf";
        }
        if (d == 0) {
            return (Double.doubleToRawLongBits(d) < 0) ? "-0" : "0";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e6) {
            return Long.toString((long) d);
        }
        BigDecimal b = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        String digits = b.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - b.scale(); // decimal exponent of the first digit
        StringBuilder sb = new StringBuilder(24);
        if (d < 0) {
            sb.append('-');
        }
        if (exp < -4 || exp >= 6) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int e = Math.abs(exp);
            if (e < 10) {
                sb.append('0');
            }
            return sb.append(e).toString();
        }
        return sb.append(b.abs().toPlainString()).toString();
    }

    /** OpenMetrics wants le/quantile values that read as floats: integers get {@code .0}. */
    static String formatOpenMetricsBound(double d) {
        String s = format(d);
        boolean plain = !Double.isInfinite(d) && !Double.isNaN(d) && s.indexOf('.') < 0 && s.indexOf('e') < 0;
        return plain ? s + ".0" : s;
    }
}
