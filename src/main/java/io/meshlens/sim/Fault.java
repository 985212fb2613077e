package io.meshlens.sim;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An injected fault on the calls <em>to</em> one service, parsed from {@code --fault}:
 * <ul>
 *   <li>{@code ad:grpc-unavailable:0.1} — 10% of calls end {@code :status 200} + {@code grpc-status: 14}</li>
 *   <li>{@code payment:http-500:0.05} — 5% of calls answer HTTP 500 (any 5xx code may be given)</li>
 *   <li>{@code cart:latency:+200ms} — every call takes 200 ms longer ({@code ms} or {@code s})</li>
 * </ul>
 */
public record Fault(String service, Kind kind, double fraction, int statusCode, double addedLatencyMs) {

    public enum Kind { GRPC_UNAVAILABLE, HTTP_STATUS, LATENCY }

    private static final Pattern LATENCY = Pattern.compile("\\+?(\\d+(?:\\.\\d+)?)(ms|s)");
    private static final Pattern HTTP = Pattern.compile("http-(\\d{3})");

    /** Parses one {@code --fault} value; the message of the exception says what is wrong and what is expected. */
    public static Fault parse(String spec) {
        String[] parts = spec.split(":", -1);
        if (parts.length != 3 || parts[0].isBlank()) {
            throw new IllegalArgumentException("--fault '" + spec + "': expected <service>:<kind>:<value>, e.g. "
                    + "ad:grpc-unavailable:0.1, payment:http-500:0.05 or cart:latency:+200ms");
        }
        String svc = parts[0].trim();
        String kind = parts[1].trim().toLowerCase(Locale.ROOT);
        String value = parts[2].trim();
        if (kind.equals("latency")) {
            Matcher m = LATENCY.matcher(value);
            if (!m.matches()) {
                throw new IllegalArgumentException("--fault '" + spec + "': latency must look like +200ms or +1.5s, got '"
                        + value + "'");
            }
            double v = Double.parseDouble(m.group(1)) * (m.group(2).equals("s") ? 1000 : 1);
            return new Fault(svc, Kind.LATENCY, 1.0, 0, v);
        }
        double fraction = fraction(spec, value);
        if (kind.equals("grpc-unavailable")) {
            return new Fault(svc, Kind.GRPC_UNAVAILABLE, fraction, 200, 0);
        }
        Matcher m = HTTP.matcher(kind);
        if (m.matches()) {
            int code = Integer.parseInt(m.group(1));
            if (code < 500 || code > 599) {
                throw new IllegalArgumentException("--fault '" + spec + "': only 5xx statuses are failures to the proxy; got "
                        + code);
            }
            return new Fault(svc, Kind.HTTP_STATUS, fraction, code, 0);
        }
        throw new IllegalArgumentException("--fault '" + spec + "': unknown kind '" + parts[1]
                + "'; use grpc-unavailable, http-5xx (e.g. http-500) or latency");
    }

    private static double fraction(String spec, String value) {
        double f;
        try {
            f = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--fault '" + spec + "': fraction must be a number in (0, 1], got '"
                    + value + "'");
        }
        if (!(f > 0 && f <= 1)) {
            throw new IllegalArgumentException("--fault '" + spec + "': fraction must be in (0, 1], got " + value);
        }
        return f;
    }
}
