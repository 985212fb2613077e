package io.meshlens.lint;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A Prometheus relabel regex: RE2, fully anchored as Prometheus compiles it ({@code ^(?:re)$}).
 * TODO(integration): use the relabel package's regex once it is merged.
 */
final class PromRegex {
    static final String DEFAULT = "(.*)";

    private final Pattern pattern;

    private PromRegex(Pattern pattern) {
        this.pattern = pattern;
    }

    /** The compiled regex, or null when it is not valid RE2 (the receiver's validation reports that). */
    static PromRegex compile(String re) {
        try {
            return new PromRegex(Pattern.compile("^(?:" + re + ")$"));
        } catch (PatternSyntaxException e) {
            return null;
        }
    }

    boolean matches(String s) {
        return pattern.matcher(s).matches();
    }
}
