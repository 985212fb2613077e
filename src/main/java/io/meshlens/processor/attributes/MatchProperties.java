package io.meshlens.processor.attributes;

import com.google.re2j.PatternSyntaxException;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.Attributes;
import io.meshlens.model.Scope;
import io.meshlens.model.Span;
import io.meshlens.processor.attraction.ActionsParser;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code include} or {@code exclude} block (the Collector's {@code filterconfig.MatchProperties}).
 *
 * <p>For metrics the Collector matches on {@code metric_names} only ({@code filtermetric} builds a
 * name matcher; {@code resources} is accepted but not used), and meshlens does the same. For spans
 * every given property must match: {@code services} (resource {@code service.name}),
 * {@code span_names}, {@code span_kinds} ({@code SPAN_KIND_SERVER}, ...), {@code libraries}
 * (every entry must match the scope), {@code resources} and {@code attributes} (all entries).
 */
record MatchProperties(MatchType matchType, List<String> metricNames, List<String> services, List<String> spanNames,
                       List<String> spanKinds, List<AttributeMatch> attributes, List<AttributeMatch> resources,
                       List<Library> libraries, StringSet metricNameSet, StringSet serviceSet, StringSet spanNameSet,
                       StringSet spanKindSet) {
    /** A {@code libraries} entry; a null version matches any version. */
    record Library(String name, String version, StringSet nameSet, StringSet versionSet) {
    }

    static final List<String> SPAN_KINDS = List.of("SPAN_KIND_CLIENT", "SPAN_KIND_CONSUMER", "SPAN_KIND_INTERNAL",
            "SPAN_KIND_PRODUCER", "SPAN_KIND_SERVER");

    /** The Collector's message, double space included. */
    static final String MISSING_FIELD =
            "at least one of \"attributes\", \"libraries\",  or \"resources\" field must be specified";

    /** Reads the block; problems are recorded in the reader. Returns null when the block is unusable. */
    static MatchProperties parse(ConfigReader r) {
        String mt = r.string("match_type", "");
        MatchType type = switch (mt) {
            case "strict" -> MatchType.STRICT;
            case "regexp" -> MatchType.REGEXP;
            default -> null;
        };
        ConfigReader regexpOptions = r.child("regexp");
        regexpOptions.bool("cacheenabled", false);
        regexpOptions.integer("cachemaxnumentries", 0);
        regexpOptions.finish();
        List<String> metricNames = r.stringList("metric_names");
        List<String> services = r.stringList("services");
        List<String> spanNames = r.stringList("span_names");
        List<String> spanKinds = r.stringList("span_kinds");
        for (String logKey : List.of("log_bodies", "log_severity_texts", "log_severity_number")) {
            if (r.has(logKey)) {
                r.error(logKey, r.qualified(logKey) + ": meshlens has no logs pipelines; log properties cannot match");
            }
            r.ignore(logKey);
        }
        if (type == null) {
            r.error("match_type", "unrecognized match_type: '" + mt + "', valid types are: [regexp strict]");
            finishLists(r);
            r.finish();
            return null;
        }
        List<AttributeMatch> attributes = attributeMatches(r, "attributes", type);
        List<AttributeMatch> resources = attributeMatches(r, "resources", type);
        List<Library> libraries = new ArrayList<>();
        for (ConfigReader l : r.childList("libraries")) {
            String name = l.string("name", "");
            String version = l.has("version") ? l.string("version", "") : null;
            l.ignore("version");
            l.finish();
            StringSet ns = set(l, "name", type, List.of(name));
            StringSet vs = version == null ? null : set(l, "version", type, List.of(version));
            libraries.add(new Library(name, version, ns, vs));
        }
        if (metricNames.isEmpty() && services.isEmpty() && spanNames.isEmpty() && spanKinds.isEmpty()
                && attributes.isEmpty() && resources.isEmpty() && libraries.isEmpty()) {
            r.error(MISSING_FIELD);
        }
        if (type == MatchType.STRICT) {
            for (String k : spanKinds) {
                if (!SPAN_KINDS.contains(k)) {
                    r.error("span_kinds", "span_kinds string must match one of the standard span kinds when "
                            + "match_type=strict: " + SPAN_KINDS.toString().replace(",", ""));
                    break;
                }
            }
        }
        r.finish();
        return new MatchProperties(type, metricNames, services, spanNames, spanKinds, attributes, resources, libraries,
                metricNames.isEmpty() ? null : set(r, "metric_names", type, metricNames),
                services.isEmpty() ? null : set(r, "services", type, services),
                spanNames.isEmpty() ? null : set(r, "span_names", type, spanNames),
                spanKinds.isEmpty() ? null : set(r, "span_kinds", type, spanKinds));
    }

    private static void finishLists(ConfigReader r) {
        r.ignore("attributes", "resources", "libraries");
    }

    private static StringSet set(ConfigReader r, String key, MatchType type, List<String> items) {
        try {
            return StringSet.of(type, items);
        } catch (PatternSyntaxException e) {
            r.error(key, r.qualified(key) + ": error parsing regexp: " + e.getMessage());
            return StringSet.of(MatchType.STRICT, List.of());
        }
    }

    private static List<AttributeMatch> attributeMatches(ConfigReader r, String listKey, MatchType type) {
        List<AttributeMatch> out = new ArrayList<>();
        for (ConfigReader a : r.childList(listKey)) {
            String key = a.string("key", "");
            Object value = ActionsParser.typedValue(a.raw("value"));
            a.finish();
            if (key.isEmpty()) {
                a.error("key", "can't have empty key in the list of attributes");
                continue;
            }
            StringSet regexp = null;
            if (type == MatchType.REGEXP && value != null) {
                if (!(value instanceof String s)) {
                    a.error("value", "match_type=regexp for \"" + key + "\" only supports Str, but found "
                            + goTypeName(value));
                    continue;
                }
                regexp = set(a, "value", type, List.of(s));
            }
            out.add(new AttributeMatch(key, value, regexp));
        }
        return out;
    }

    private static String goTypeName(Object v) {
        return switch (v) {
            case Long l -> "Int";
            case Double d -> "Double";
            case Boolean b -> "Bool";
            case List<?> l -> "Slice";
            case Attributes a -> "Map";
            default -> "Str";
        };
    }

    /** True when the metric name matches; with no {@code metric_names} there is no name matcher at all. */
    boolean hasMetricMatcher() {
        return metricNameSet != null;
    }

    boolean matchesMetric(String name) {
        return metricNameSet.matches(name);
    }

    /** True when {@code metric_names} is the only span-irrelevant property (the Collector refuses that for spans). */
    boolean validForSpans() {
        return !(services.isEmpty() && spanNames.isEmpty() && spanKinds.isEmpty() && attributes.isEmpty()
                && resources.isEmpty() && libraries.isEmpty());
    }

    boolean matchesSpan(Attributes resource, Scope scope, Span span) {
        if (serviceSet != null) {
            String service = resource.getString("service.name");
            if (!serviceSet.matches(service == null ? "" : service)) {
                return false;
            }
        }
        if (spanNameSet != null && !spanNameSet.matches(span.name())) {
            return false;
        }
        if (spanKindSet != null && !spanKindSet.matches("SPAN_KIND_" + span.kind().name())) {
            return false;
        }
        for (Library l : libraries) {
            if (!l.nameSet().matches(scope.name())) {
                return false;
            }
            if (l.versionSet() != null && !l.versionSet().matches(scope.version())) {
                return false;
            }
        }
        if (!resources.isEmpty() && !AttributeMatch.all(resources, resource)) {
            return false;
        }
        return AttributeMatch.all(attributes, span.attributes());
    }
}
