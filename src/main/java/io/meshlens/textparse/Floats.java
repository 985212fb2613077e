package io.meshlens.textparse;

import java.nio.charset.StandardCharsets;

/**
 * Parses sample values and OpenMetrics timestamps exactly as Prometheus 2.42 does
 * ({@code strconv.ParseFloat} with the characters {@code p P _} refused): optional sign, decimal
 * digits with at most one point, optional exponent; {@code inf}/{@code infinity} with optional
 * sign and {@code nan} without sign, all case-insensitive; overflow to infinity is an error.
 *
 * <p>Why hand-written: {@link Double#parseDouble} needs a String per value (an allocation per
 * sample) and accepts other spellings ({@code 1d}, {@code 0x1p3}, surrounding blanks). The common
 * case, at most 15 significant digits and a small exponent, is converted exactly with one
 * multiply or divide (Clinger's fast path); anything else falls back to the JDK on a validated
 * string, which rounds correctly like Go.
 */
final class Floats {
    /** Returned for malformed input; callers check {@link #error}. */
    static final String SYNTAX = "invalid";
    static final String RANGE = "out of range";

    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
    };

    /** Why the last {@link #parse} failed, or null. Per-parser instance, so no sharing. */
    String error;

    double parse(byte[] b, int s, int e) {
        error = null;
        if (s >= e) {
            error = SYNTAX;
            return 0;
        }
        int i = s;
        boolean neg = false;
        byte c = b[i];
        if (c == '+' || c == '-') {
            neg = c == '-';
            i++;
            if (i == e) {
                error = SYNTAX;
                return 0;
            }
            c = b[i];
        }
        if (c == 'i' || c == 'I') {
            int n = e - i;
            if ((n == 3 && matchIgnoreCase(b, i, "inf")) || (n == 8 && matchIgnoreCase(b, i, "infinity"))) {
                return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            error = SYNTAX;
            return 0;
        }
        if (c == 'n' || c == 'N') {
            // Go accepts "nan" only without a sign.
            if (i == s && e - i == 3 && matchIgnoreCase(b, i, "nan")) {
                return Parser.NORMAL_NAN;
            }
            error = SYNTAX;
            return 0;
        }
        long mant = 0;
        int digits = 0;      // significant digits folded into mant
        int dropped = 0;     // integer digits beyond the mantissa's capacity
        int fracDigits = 0;  // digits after the point folded into mant
        boolean sawDigit = false;
        boolean sawDot = false;
        boolean exact = true;
        for (; i < e; i++) {
            c = b[i];
            if (c >= '0' && c <= '9') {
                sawDigit = true;
                if (mant == 0 && c == '0') {
                    if (sawDot) {
                        fracDigits++;
                    }
                    continue;
                }
                if (digits < 18) {
                    mant = mant * 10 + (c - '0');
                    digits++;
                    if (sawDot) {
                        fracDigits++;
                    }
                } else {
                    exact = false;
                    if (!sawDot) {
                        dropped++;
                    }
                }
            } else if (c == '.' && !sawDot) {
                sawDot = true;
            } else {
                break;
            }
        }
        if (!sawDigit) {
            error = SYNTAX;
            return 0;
        }
        int exp = 0;
        if (i < e) {
            c = b[i];
            if (c != 'e' && c != 'E') {
                error = SYNTAX;
                return 0;
            }
            i++;
            boolean expNeg = false;
            if (i < e && (b[i] == '+' || b[i] == '-')) {
                expNeg = b[i] == '-';
                i++;
            }
            if (i == e) {
                error = SYNTAX;
                return 0;
            }
            for (; i < e; i++) {
                c = b[i];
                if (c < '0' || c > '9') {
                    error = SYNTAX;
                    return 0;
                }
                if (exp < 100_000) {
                    exp = exp * 10 + (c - '0');
                }
            }
            if (expNeg) {
                exp = -exp;
            }
        }
        if (mant == 0) {
            return neg ? -0.0 : 0.0;
        }
        int exp10 = exp - fracDigits + dropped;
        if (exact && mant < (1L << 53) && exp10 >= -22 && exp10 <= 22) {
            double d = mant;
            d = exp10 >= 0 ? d * POW10[exp10] : d / POW10[-exp10];
            return neg ? -d : d;
        }
        double d = Double.parseDouble(new String(b, s, e - s, StandardCharsets.ISO_8859_1));
        if (Double.isInfinite(d)) {
            error = RANGE;
            return 0;
        }
        return d;
    }

    private static boolean matchIgnoreCase(byte[] b, int i, String lower) {
        for (int k = 0; k < lower.length(); k++) {
            if ((b[i + k] | 0x20) != lower.charAt(k)) {
                return false;
            }
        }
        return true;
    }

    private Floats() {
    }

    static Floats create() {
        return new Floats();
    }
}
