package io.meshlens.processor.filter;

import com.google.re2j.Pattern;
import io.meshlens.model.Attributes;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The legacy {@code metrics.include} / {@code metrics.exclude} match properties: metric names by
 * {@code strict} equality or {@code regexp}, and resource attributes that must all match.
 * Regexps are RE2 and, as in the Collector's filterset, <b>unanchored</b>: {@code prefix_.*}
 * also matches {@code my_prefix_x}; write {@code ^...$} to anchor.
 */
public final class LegacyMatch {
    /** How names and attribute values are compared. */
    public enum MatchType { STRICT, REGEXP }

    /** A resource attribute that must be present with this value (or matching it, for regexp). */
    public record ResourceAttribute(String key, String value) {
    }

    private static final int MAX_MEMO = 10_000;

    private final MatchType matchType;
    private final List<String> metricNames;
    private final List<ResourceAttribute> resourceAttributes;
    private final Set<String> strictNames;
    private final List<Pattern> namePatterns;
    private final List<Pattern> valuePatterns;
    /** Regexp verdict per metric name: names repeat every scrape, so each is matched once. */
    private final ConcurrentHashMap<String, Boolean> memo = new ConcurrentHashMap<>();

    /** @throws com.google.re2j.PatternSyntaxException when a regexp does not compile */
    public LegacyMatch(MatchType type, List<String> names, List<ResourceAttribute> attrs) {
        this.matchType = type;
        this.metricNames = List.copyOf(names);
        this.resourceAttributes = List.copyOf(attrs);
        this.strictNames = Set.copyOf(names);
        this.namePatterns = type == MatchType.REGEXP ? names.stream().distinct().map(Pattern::compile).toList()
                : List.of();
        this.valuePatterns = type == MatchType.REGEXP ? attrs.stream().map(a -> Pattern.compile(a.value())).toList()
                : List.of();
    }

    public MatchType matchType() {
        return matchType;
    }

    public List<String> metricNames() {
        return metricNames;
    }

    public List<ResourceAttribute> resourceAttributes() {
        return resourceAttributes;
    }

    public boolean hasNames() {
        return !metricNames.isEmpty();
    }

    public boolean hasResourceAttributes() {
        return !resourceAttributes.isEmpty();
    }

    /** True when {@code name} matches at least one metric_names entry. */
    public boolean matchesName(String name) {
        if (matchType == MatchType.STRICT) {
            return strictNames.contains(name);
        }
        Boolean known = memo.get(name);
        if (known != null) {
            return known;
        }
        boolean r = false;
        for (Pattern p : namePatterns) {
            if (p.matcher(name).find()) {
                r = true;
                break;
            }
        }
        if (memo.size() >= MAX_MEMO) {
            memo.clear();
        }
        memo.put(name, r);
        return r;
    }

    /** True when every configured resource attribute is present and matches. */
    public boolean matchesResource(Attributes resource) {
        for (int i = 0; i < resourceAttributes.size(); i++) {
            ResourceAttribute a = resourceAttributes.get(i);
            String v = resource.getString(a.key());
            if (v == null) {
                return false;
            }
            boolean ok = matchType == MatchType.STRICT ? v.equals(a.value()) : valuePatterns.get(i).matcher(v).find();
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
