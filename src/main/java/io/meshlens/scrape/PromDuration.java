package io.meshlens.scrape;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus's duration syntax ({@code model.ParseDuration}), used inside the receiver's
 * Prometheus config: units y, w, d, h, m, s, ms in descending order, each at most once, integers
 * only ("1m30s", "5m", "250ms", "1d"); "0" alone is zero. Not Go's syntax: "1.5s" is invalid here.
 */
public final class PromDuration {
    private static final Pattern SYNTAX = Pattern.compile(
            "^(?:(\\d+)y)?(?:(\\d+)w)?(?:(\\d+)d)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?$");
    private static final long[] UNIT_MS = {365L * 24 * 3600_000, 7L * 24 * 3600_000, 24L * 3600_000, 3600_000L,
            60_000L, 1000L, 1L};

    private PromDuration() {
    }

    public static Duration parse(String s) {
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = SYNTAX.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
        }
        long ms = 0;
        for (int g = 1; g <= 7; g++) {
            String part = m.group(g);
            if (part != null) {
                try {
                    ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(part), UNIT_MS[g - 1]));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new IllegalArgumentException("duration out of range: \"" + s + "\"");
                }
            }
        }
        return Duration.ofMillis(ms);
    }

    /** Prometheus's canonical form: "1m30s", "250ms", "0s". */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        String[] names = {"y", "w", "d", "h", "m", "s", "ms"};
        for (int i = 0; i < UNIT_MS.length; i++) {
            long n = ms / UNIT_MS[i];
            if (n > 0) {
                sb.append(n).append(names[i]);
                ms -= n * UNIT_MS[i];
            }
        }
        return sb.toString();
    }
}
