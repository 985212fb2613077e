package io.meshlens.processor.resourcedetection;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import io.meshlens.model.Attributes;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code env} detector: {@code OTEL_RESOURCE_ATTRIBUTES} (or the deprecated
 * {@code OTEL_RESOURCE}) as {@code k1=v1,k2=v2}. Parsed as the Collector does: the same RE2 pair
 * pattern (spaces around keys, values and commas ignored), no text allowed between pairs, and values
 * decoded with Go's {@code url.QueryUnescape} ({@code %XX} escapes, {@code +} is a space).
 */
final class EnvDetector implements Detector {
    static final String VAR = "OTEL_RESOURCE_ATTRIBUTES";
    static final String DEPRECATED_VAR = "OTEL_RESOURCE";
    private static final Pattern PAIR =
            Pattern.compile("\\s*([[:ascii:]]{1,256}?)\\s*=\\s*([[:ascii:]]{0,256}?)\\s*(?:,|$)");

    private final Map<String, String> env;

    EnvDetector(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String name() {
        return "env";
    }

    @Override
    public Attributes detect() {
        String s = env.getOrDefault(VAR, "").strip();
        if (s.isEmpty()) {
            s = env.getOrDefault(DEPRECATED_VAR, "").strip();
            if (s.isEmpty()) {
                return Attributes.EMPTY;
            }
        }
        return parse(s);
    }

    /** @throws IllegalArgumentException with the Collector's message for malformed input */
    static Attributes parse(String s) {
        Attributes.Builder b = Attributes.builder();
        Matcher m = PAIR.matcher(s);
        int prev = 0;
        boolean any = false;
        while (m.find()) {
            any = true;
            if (m.start() != prev) {
                throw new IllegalArgumentException("invalid resource format, invalid text: \""
                        + s.substring(prev, m.start()) + "\"");
            }
            String value;
            try {
                value = queryUnescape(m.group(2));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("invalid resource format in attribute: \""
                        + s.substring(m.start(), m.end()) + "\", err: " + e.getMessage());
            }
            b.put(m.group(1), value);
            prev = m.end();
            if (m.end() == s.length()) {
                break;
            }
        }
        if (!any) {
            throw new IllegalArgumentException("invalid resource format: \"" + s + "\"");
        }
        if (prev != s.length()) {
            throw new IllegalArgumentException("invalid resource format, invalid text: \"" + s.substring(prev) + "\"");
        }
        return b.build();
    }

    /** Go's {@code url.QueryUnescape}. */
    static String queryUnescape(String s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        byte[] in = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < in.length; i++) {
            byte c = in[i];
            if (c == '+') {
                out.write(' ');
            } else if (c == '%') {
                if (i + 2 >= in.length || hex(in[i + 1]) < 0 || hex(in[i + 2]) < 0) {
                    String bad = new String(in, i, Math.min(3, in.length - i), StandardCharsets.UTF_8);
                    throw new IllegalArgumentException("invalid URL escape \"" + bad + "\"");
                }
                out.write(hex(in[i + 1]) << 4 | hex(in[i + 2]));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
