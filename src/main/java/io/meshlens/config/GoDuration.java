package io.meshlens.config;

import java.time.Duration;

/**
 * Go's {@code time.ParseDuration} syntax, which Collector config uses: a sequence of decimal
 * numbers with units ns, us (µs), ms, s, m, h, e.g. "200ms", "1m30s", "1.5h", optional sign;
 * "0" alone is allowed. (Prometheus config uses a different syntax: see the scrape package.)
 */
public final class GoDuration {
    private GoDuration() {
    }

    public static Duration parse(String s) {
        String in = s.trim();
        if (in.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"" + s + "\"");
        }
        boolean neg = false;
        int i = 0;
        if (in.charAt(0) == '-' || in.charAt(0) == '+') {
            neg = in.charAt(0) == '-';
            i++;
        }
        if (in.substring(i).equals("0")) {
            return Duration.ZERO;
        }
        if (i == in.length()) {
            throw new IllegalArgumentException("invalid duration \"" + s + "\"");
        }
        double totalNanos = 0;
        while (i < in.length()) {
            int start = i;
            while (i < in.length() && (Character.isDigit(in.charAt(i)) || in.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("invalid duration \"" + s + "\"");
            }
            double num;
            try {
                num = Double.parseDouble(in.substring(start, i));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid duration \"" + s + "\"");
            }
            int us = i;
            while (i < in.length() && !Character.isDigit(in.charAt(i)) && in.charAt(i) != '.') {
                i++;
            }
            String unit = in.substring(us, i);
            double mult = switch (unit) {
                case "ns" -> 1;
                case "us", "µs", "μs" -> 1e3;
                case "ms" -> 1e6;
                case "s" -> 1e9;
                case "m" -> 60e9;
                case "h" -> 3600e9;
                case "" -> throw new IllegalArgumentException("missing unit in duration \"" + s + "\"");
                default -> throw new IllegalArgumentException("unknown unit \"" + unit + "\" in duration \"" + s + "\"");
            };
            totalNanos += num * mult;
        }
        long nanos = Math.round(totalNanos);
        return Duration.ofNanos(neg ? -nanos : nanos);
    }

    /** Formats like Go's Duration.String(): "1m30s", "200ms", "0s". */
    public static String format(Duration d) {
        long n = d.toNanos();
        if (n == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        if (n < 0) {
            sb.append('-');
            n = -n;
        }
        if (n < 1_000_000_000L) {
            if (n % 1_000_000 == 0) {
                return sb.append(n / 1_000_000).append("ms").toString();
            }
            if (n % 1_000 == 0) {
                return sb.append(n / 1_000).append("µs").toString();
            }
            return sb.append(n).append("ns").toString();
        }
        long h = n / 3_600_000_000_000L;
        n %= 3_600_000_000_000L;
        long m = n / 60_000_000_000L;
        n %= 60_000_000_000L;
        if (h > 0) {
            sb.append(h).append('h');
        }
        if (h > 0 || m > 0) {
            sb.append(m).append('m');
        }
        long sec = n / 1_000_000_000L;
        long frac = n % 1_000_000_000L;
        sb.append(sec);
        if (frac != 0) {
            String f = String.format("%09d", frac).replaceAll("0+$", "");
            sb.append('.').append(f);
        }
        return sb.append('s').toString();
    }
}
