package io.meshlens.relabel;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Map;

/**
 * A relabel regex: RE2 syntax, matched against the whole value as Prometheus does by compiling
 * {@code ^(?:re)$}. Compiled once per rule. The shapes that dominate real configs skip the regex
 * engine where the result is provably the same: a literal ({@code linkerd-proxy}), a literal
 * followed by {@code .*} ({@code tcp_.*}), and {@code (.*)} / {@code (.+)}. RE2's {@code .} does not
 * match a newline, so those shortcuts check for one.
 */
public final class AnchoredRegex {
    private enum Shape { ENGINE, LITERAL, LITERAL_PREFIX_ANY, GROUP_ANY, GROUP_ANY_NONEMPTY }

    private static final String METACHARACTERS = "\\.+*?()|[]{}^$";

    private final String source;
    private final Pattern pattern;
    private final Shape shape;
    /** The literal, or the literal prefix for LITERAL_PREFIX_ANY. */
    private final String literal;
    private final int groupCount;
    private final Map<String, Integer> namedGroups;

    private AnchoredRegex(String source, Pattern pattern, Shape shape, String literal) {
        this.source = source;
        this.pattern = pattern;
        this.shape = shape;
        this.literal = literal;
        this.groupCount = pattern.groupCount();
        this.namedGroups = pattern.namedGroups();
    }

    /**
     * @throws IllegalArgumentException when {@code re} is not valid Go RE2 syntax
     */
    public static AnchoredRegex compile(String re) {
        rejectNonGoSyntax(re);
        Pattern p;
        try {
            p = Pattern.compile("^(?:" + re + ")$");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (isLiteral(re)) {
            return new AnchoredRegex(re, p, Shape.LITERAL, re);
        }
        if (re.endsWith(".*") && isLiteral(re.substring(0, re.length() - 2))) {
            return new AnchoredRegex(re, p, Shape.LITERAL_PREFIX_ANY, re.substring(0, re.length() - 2));
        }
        if (re.equals("(.*)")) {
            return new AnchoredRegex(re, p, Shape.GROUP_ANY, null);
        }
        if (re.equals("(.+)")) {
            return new AnchoredRegex(re, p, Shape.GROUP_ANY_NONEMPTY, null);
        }
        return new AnchoredRegex(re, p, Shape.ENGINE, null);
    }

    /** The regex as written (without the anchors). */
    public String source() {
        return source;
    }

    /** Whether the whole of {@code s} matches. */
    public boolean matches(String s) {
        return switch (shape) {
            case LITERAL -> literal.equals(s);
            case LITERAL_PREFIX_ANY -> s.startsWith(literal) && s.indexOf('\n', literal.length()) < 0;
            case GROUP_ANY -> s.indexOf('\n') < 0;
            case GROUP_ANY_NONEMPTY -> !s.isEmpty() && s.indexOf('\n') < 0;
            case ENGINE -> pattern.matches(s);
        };
    }

    /**
     * The submatch bounds of a whole-value match (start/end of group i at 2i/2i+1, -1 when the group
     * did not take part), or null when {@code s} does not match. Like Go's FindStringSubmatchIndex.
     */
    int[] match(String s) {
        if (!matches(s)) {
            return null;
        }
        int n = s.length();
        return switch (shape) {
            case LITERAL, LITERAL_PREFIX_ANY -> new int[] {0, n};
            case GROUP_ANY, GROUP_ANY_NONEMPTY -> new int[] {0, n, 0, n};
            case ENGINE -> {
                Matcher m = pattern.matcher(s);
                if (!m.find()) {
                    yield null;
                }
                int[] idx = new int[2 * (groupCount + 1)];
                for (int g = 0; g <= groupCount; g++) {
                    idx[2 * g] = m.start(g);
                    idx[2 * g + 1] = m.end(g);
                }
                yield idx;
            }
        };
    }

    /** The group number of capture group {@code name}, or -1. */
    int groupIndex(String name) {
        Integer i = namedGroups.get(name);
        return i == null ? -1 : i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AnchoredRegex r && r.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }

    private static boolean isLiteral(String re) {
        for (int i = 0; i < re.length(); i++) {
            if (METACHARACTERS.indexOf(re.charAt(i)) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * re2j accepts {@code (?<name>re)}, which Go only learned in 1.22; Prometheus 2.42 (Go 1.19)
     * rejects it, so we do too. Scans outside character classes and escapes.
     */
    private static void rejectNonGoSyntax(String re) {
        boolean inClass = false;
        for (int i = 0; i < re.length(); i++) {
            char c = re.charAt(i);
            if (c == '\\') {
                i++;
            } else if (inClass) {
                if (c == ']') {
                    inClass = false;
                }
            } else if (c == '[') {
                inClass = true;
                // A ']' right after '[' or '[^' is a literal member of the class.
                if (i + 1 < re.length() && re.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < re.length() && re.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == '(' && re.startsWith("?<", i + 1)) {
                throw new IllegalArgumentException(
                        "error parsing regexp: invalid or unsupported Perl syntax: `(?<`");
            }
        }
    }
}
