package io.meshlens.scrape;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus's duration syntax ({@code model.Duration} of prometheus/common 0.39, used by
 * Prometheus 2.42): units y w d h m s ms in that order, integers only, "0" without a unit. This is
 * the form of {@code __scrape_interval__} / {@code __scrape_timeout__}, not Go's time.Duration form.
 */
public final class PromDuration {
    private static final Pattern RE = Pattern.compile(
            "^(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?$");
    private static final long[] UNIT_MS = {
        365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000, 1000L, 1L};
    private static final String[] UNIT = {"y", "w", "d", "h", "m", "s", "ms"};

    private PromDuration() {
    }

    /**
     * @throws IllegalArgumentException with Prometheus's message when {@code s} is not a duration
     */
    public static Duration parse(String s) {
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty duration string");
        }
        Matcher m = RE.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a valid duration string: \"" + s + "\"");
        }
        long ms = 0;
        for (int u = 0; u < UNIT_MS.length; u++) {
            String g = m.group(2 * u + 2);
            if (g == null) {
                continue;
            }
            try {
                ms = Math.addExact(ms, Math.multiplyExact(Long.parseLong(g), UNIT_MS[u]));
                Math.multiplyExact(ms, 1_000_000L);
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("duration out of range", e);
            }
        }
        return Duration.ofMillis(ms);
    }

    /** Prometheus's String(): largest units first, y and w only when exact, "0s" for zero. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) {
            return "0s";
        }
        StringBuilder sb = new StringBuilder();
        for (int u = 0; u < UNIT_MS.length; u++) {
            boolean exactOnly = u < 2;
            if (exactOnly && ms % UNIT_MS[u] != 0) {
                continue;
            }
            long v = ms / UNIT_MS[u];
            if (v > 0) {
                sb.append(v).append(UNIT[u]);
                ms -= v * UNIT_MS[u];
            }
        }
        return sb.toString();
    }
}
