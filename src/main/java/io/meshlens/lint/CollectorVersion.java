package io.meshlens.lint;

/**
 * A Collector (contrib) release, {@code 0.<minor>[.patch]}; only the minor matters for the rules
 * (0.x releases change behaviour per minor).
 */
public record CollectorVersion(int minor) implements Comparable<CollectorVersion> {
    /** The release meshlens's config handling follows. */
    public static final CollectorVersion MESHLENS = new CollectorVersion(118);

    /** Parses {@code 0.118}, {@code 0.118.0} or {@code v0.104.0}. */
    public static CollectorVersion parse(String s) {
        String t = s.trim();
        if (t.startsWith("v")) {
            t = t.substring(1);
        }
        String[] parts = t.split("\\.");
        try {
            if (parts.length < 2 || parts.length > 3 || !parts[0].equals("0")) {
                throw new NumberFormatException();
            }
            int minor = Integer.parseInt(parts[1]);
            if (parts.length == 3) {
                Integer.parseInt(parts[2]);
            }
            return new CollectorVersion(minor);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid Collector version \"" + s + "\" (expected e.g. 0.118 or 0.104.0)");
        }
    }

    boolean atLeast(int m) {
        return minor >= m;
    }

    boolean between(int lo, int hi) {
        return minor >= lo && minor <= hi;
    }

    @Override
    public int compareTo(CollectorVersion o) {
        return Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return "0." + minor;
    }
}
