package io.meshlens.config;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration} syntax, which Collector config uses: a sequence of decimal
 * numbers with units ns, us (µs), ms, s, m, h, e.g. "200ms", "1m30s", "1.5h", optional sign;
 * "0" alone is allowed. (Prometheus config uses a different syntax: see the scrape package.)
 * Parsing and formatting follow Go's algorithms exactly (integer nanoseconds, int64 range), so a
 * value round-trips the same way it would in the Collector.
 */
public final class GoDuration {
    private static final Map<String, Long> UNITS = Map.of(
            "ns", 1L, "us", 1_000L, "µs", 1_000L, "μs", 1_000L, // U+00B5 and U+03BC
            "ms", 1_000_000L, "s", 1_000_000_000L, "m", 60_000_000_000L, "h", 3_600_000_000_000L);
    /** 1<<63: the magnitude limit, reached only by the most negative duration. */
    private static final BigInteger LIMIT = BigInteger.ONE.shiftLeft(63);

    private GoDuration() {
    }

    public static Duration parse(String s) {
        String rest = s;
        boolean neg = false;
        if (!rest.isEmpty() && (rest.charAt(0) == '-' || rest.charAt(0) == '+')) {
            neg = rest.charAt(0) == '-';
            rest = rest.substring(1);
        }
        if (rest.equals("0")) {
            return Duration.ZERO;
        }
        if (rest.isEmpty()) {
            throw invalid(s);
        }
        BigInteger total = BigInteger.ZERO;
        while (!rest.isEmpty()) {
            char c = rest.charAt(0);
            if (!(c == '.' || isDigit(c))) {
                throw invalid(s);
            }
            int i = digitsEnd(rest, 0);
            boolean pre = i > 0;
            BigInteger whole = i > 0 ? new BigInteger(rest.substring(0, i)) : BigInteger.ZERO;
            if (whole.compareTo(LIMIT) > 0) {
                throw invalid(s);
            }
            String fraction = "";
            if (i < rest.length() && rest.charAt(i) == '.') {
                int end = digitsEnd(rest, i + 1);
                fraction = rest.substring(i + 1, end);
                i = end;
            }
            if (!pre && fraction.isEmpty()) {
                throw invalid(s);
            }
            int u = i;
            while (u < rest.length() && rest.charAt(u) != '.' && !isDigit(rest.charAt(u))) {
                u++;
            }
            if (u == i) {
                throw new IllegalArgumentException("missing unit in duration " + GoQuote.quote(s));
            }
            String unitName = rest.substring(i, u);
            Long unit = UNITS.get(unitName);
            if (unit == null) {
                throw new IllegalArgumentException("unknown unit " + GoQuote.quote(unitName) + " in duration " + GoQuote.quote(s));
            }
            BigInteger v = whole.multiply(BigInteger.valueOf(unit));
            if (v.compareTo(LIMIT) > 0) {
                throw invalid(s);
            }
            v = v.add(BigInteger.valueOf(fractionNanos(fraction, unit)));
            if (v.compareTo(LIMIT) > 0) {
                throw invalid(s);
            }
            total = total.add(v);
            if (total.compareTo(LIMIT) > 0) {
                throw invalid(s);
            }
            rest = rest.substring(u);
        }
        if (neg) {
            return Duration.ofNanos(total.negate().longValueExact());
        }
        if (total.compareTo(LIMIT) >= 0) {
            throw invalid(s);
        }
        return Duration.ofNanos(total.longValueExact());
    }

    /**
     * Go keeps at most the fraction digits that fit in an int64 and scales them in float64
     * ({@code uint64(float64(f) * (float64(unit) / scale))}); doing the same gives the same nanoseconds.
     */
    private static long fractionNanos(String digits, long unit) {
        long f = 0;
        double scale = 1;
        boolean overflow = false;
        for (int i = 0; i < digits.length(); i++) {
            if (overflow) {
                continue;
            }
            int d = digits.charAt(i) - '0';
            if (f > Long.MAX_VALUE / 10 || f * 10 + d < 0) {
                overflow = true; // it just stops being more precise
                continue;
            }
            f = f * 10 + d;
            scale *= 10;
        }
        return f == 0 ? 0 : (long) ((double) f * ((double) unit / scale));
    }

    /** Formats like Go's Duration.String(): "1m30s", "1.5ms", "1h0m0s", "0s". */
    public static String format(Duration d) {
        long n = d.toNanos();
        if (n == 0) {
            return "0s";
        }
        boolean neg = n < 0;
        long u = neg ? -n : n; // Long.MIN_VALUE stays itself: read as unsigned it is 1<<63
        StringBuilder sb = new StringBuilder();
        if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
            if (u < 1_000L) {
                sb.append(u).append("ns");
            } else if (u < 1_000_000L) {
                sb.append(fraction(u, 3)).append("µs");
            } else {
                sb.append(fraction(u, 6)).append("ms");
            }
        } else {
            String seconds = fraction(Long.remainderUnsigned(u, 60_000_000_000L), 9);
            long minutes = Long.divideUnsigned(u, 60_000_000_000L);
            if (minutes > 0) {
                long hours = minutes / 60;
                if (hours > 0) {
                    sb.append(hours).append('h');
                }
                sb.append(minutes % 60).append('m');
            }
            sb.append(seconds).append('s');
        }
        return (neg ? "-" : "") + sb;
    }

    /** {@code v / 10^digits} in decimal, without trailing zeros in the fraction. */
    private static String fraction(long v, int digits) {
        long pow = 1;
        for (int i = 0; i < digits; i++) {
            pow *= 10;
        }
        String frac = String.format("%0" + digits + "d", v % pow).replaceAll("0+$", "");
        return (v / pow) + (frac.isEmpty() ? "" : "." + frac);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digitsEnd(String s, int from) {
        int i = from;
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static IllegalArgumentException invalid(String s) {
        return new IllegalArgumentException("invalid duration " + GoQuote.quote(s));
    }
}
