package io.meshlens.processor.attributes;

import com.google.re2j.Pattern;

import java.util.List;
import java.util.Set;

/**
 * The Collector's {@code filterset}: a string matches when it equals one item ({@code strict}) or
 * when one item's RE2 regex is found anywhere in it ({@code regexp}; unanchored, as Go's
 * {@code MatchString}: {@code ^...$} is needed for a whole-string match).
 */
final class StringSet {
    private final Set<String> exact;
    private final Pattern[] patterns;

    private StringSet(Set<String> exact, Pattern[] patterns) {
        this.exact = exact;
        this.patterns = patterns;
    }

    /** @throws com.google.re2j.PatternSyntaxException for a bad regexp item */
    static StringSet of(MatchType type, List<String> items) {
        if (type == MatchType.STRICT) {
            return new StringSet(Set.copyOf(items), null);
        }
        Pattern[] p = new Pattern[items.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = Pattern.compile(items.get(i));
        }
        return new StringSet(null, p);
    }

    boolean matches(String s) {
        if (exact != null) {
            return exact.contains(s);
        }
        for (Pattern p : patterns) {
            if (p.matcher(s).find()) {
                return true;
            }
        }
        return false;
    }
}
