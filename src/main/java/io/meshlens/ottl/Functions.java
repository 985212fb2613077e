package io.meshlens.ottl;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.MetricType;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The converters conditions may call, with OTTL's argument rules: the number of arguments is
 * checked and literal-only parameters (IsMatch's pattern when written as a literal, the keys of
 * HasAttrOnDatapoint) are validated when the condition is compiled, not per evaluation.
 */
final class Functions {
    /** What a function returns, when known without evaluating it. */
    enum Returns { BOOL, STRING, INT, ANY }

    /** A compiled call. */
    record Compiled(Node.Value node, Returns returns) {
    }

    /** Compiled arguments plus their syntax (for literal checks and error columns). */
    record Args(List<Node.Value> values, List<Ast.Arg> syntax) {
        Node.Value get(int i) {
            return values.get(i);
        }

        /** The argument as a string literal, or a compile error naming its position. */
        String stringLiteral(int i) throws OttlSyntaxException {
            if (values.get(i).constant() instanceof String s) {
                return s;
            }
            throw new OttlSyntaxException(syntax.get(i).column(),
                    "invalid argument at position " + i + ": expected a string literal");
        }
    }

    @FunctionalInterface
    interface Builder {
        Compiled build(Args args, EnumSet<Dependency> deps) throws OttlSyntaxException;
    }

    record Spec(String name, List<String> params, EnumSet<OttlContext> contexts, Builder builder) {
    }

    private static final EnumSet<OttlContext> ALL = EnumSet.allOf(OttlContext.class);
    private static final Map<String, Spec> SPECS = Map.ofEntries(
            spec("IsMatch", List.of("target", "pattern"), ALL, Functions::isMatch),
            spec("IsString", List.of("target"), ALL, typeTest(String.class)),
            spec("IsInt", List.of("target"), ALL, typeTest(Long.class)),
            spec("IsDouble", List.of("target"), ALL, typeTest(Double.class)),
            spec("IsBool", List.of("target"), ALL, typeTest(Boolean.class)),
            spec("IsMap", List.of("target"), ALL, typeTest(Attributes.class)),
            spec("IsList", List.of("target"), ALL, typeTest(List.class)),
            spec("Len", List.of("target"), ALL, Functions::len),
            spec("Concat", List.of("vals", "delimiter"), ALL, Functions::concat),
            spec("String", List.of("value"), ALL,
                    (a, d) -> new Compiled(t -> StringLike.of(a.get(0).get(t)), Returns.ANY)),
            spec("ToLowerCase", List.of("target"), ALL,
                    (a, d) -> new Compiled(t -> requireString(a.get(0).get(t)).toLowerCase(java.util.Locale.ROOT), Returns.STRING)),
            spec("ToUpperCase", List.of("target"), ALL,
                    (a, d) -> new Compiled(t -> requireString(a.get(0).get(t)).toUpperCase(java.util.Locale.ROOT), Returns.STRING)),
            spec("HasAttrKeyOnDatapoint", List.of("key"), EnumSet.of(OttlContext.METRIC),
                    (a, d) -> hasAttrOnDatapoint(a.stringLiteral(0), null, d)),
            spec("HasAttrOnDatapoint", List.of("key", "expectedVal"), EnumSet.of(OttlContext.METRIC),
                    (a, d) -> hasAttrOnDatapoint(a.stringLiteral(0), a.stringLiteral(1), d)));

    private Functions() {
    }

    private static Map.Entry<String, Spec> spec(String name, List<String> params, EnumSet<OttlContext> ctx, Builder b) {
        return Map.entry(name, new Spec(name, params, ctx, b));
    }

    /** The function of that name in the context, or null. */
    static Spec lookup(String name, OttlContext ctx) {
        Spec s = SPECS.get(name);
        return s != null && s.contexts().contains(ctx) ? s : null;
    }

    private static Builder typeTest(Class<?> type) {
        return (a, d) -> new Compiled(t -> type.isInstance(a.get(0).get(t)), Returns.BOOL);
    }

    private static String requireString(Object v) {
        if (v instanceof String s) {
            return s;
        }
        throw new OttlEvalException("expected string but got " + Indexing.typeName(v));
    }

    /** IsMatch: Go's regexp.MatchString, i.e. unanchored; nil targets do not match. */
    private static Compiled isMatch(Args a, EnumSet<Dependency> deps) throws OttlSyntaxException {
        Node.Value target = a.get(0);
        Object pattern = a.get(1).constant();
        if (pattern != Node.NOT_CONSTANT) {
            if (!(pattern instanceof String p)) {
                throw new OttlSyntaxException(a.syntax().get(1).column(),
                        "invalid argument at position 1: expected a string");
            }
            Matcher m = new Matcher(compile(p, a.syntax().get(1).column()));
            return new Compiled(t -> m.matches(StringLike.of(target.get(t))), Returns.BOOL);
        }
        Node.Value dynamic = a.get(1);
        return new Compiled(t -> {
            String p = requireString(dynamic.get(t));
            String s = StringLike.of(target.get(t));
            if (s == null) {
                return false;
            }
            try {
                return Pattern.compile(p).matcher(s).find();
            } catch (PatternSyntaxException e) {
                throw new OttlEvalException("the pattern supplied to IsMatch is not a valid regexp pattern: "
                        + e.getMessage());
            }
        }, Returns.BOOL);
    }

    private static Pattern compile(String pattern, int column) throws OttlSyntaxException {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new OttlSyntaxException(column, "invalid argument at position 1: the pattern supplied to IsMatch "
                    + "is not a valid regexp pattern: " + e.getMessage());
        }
    }

    /**
     * A literal IsMatch pattern with a bounded memo of results per input string. Inputs repeat
     * scrape after scrape (metric names, label values), so after warm-up a match is one hash
     * lookup, without a re2j Matcher allocation per call.
     */
    static final class Matcher {
        private static final int MAX_ENTRIES = 10_000;
        private final Pattern pattern;
        private final ConcurrentHashMap<String, Boolean> memo = new ConcurrentHashMap<>();

        Matcher(Pattern pattern) {
            this.pattern = pattern;
        }

        boolean matches(String s) {
            if (s == null) {
                return false;
            }
            Boolean known = memo.get(s);
            if (known != null) {
                return known;
            }
            boolean r = pattern.matcher(s).find();
            if (memo.size() >= MAX_ENTRIES) {
                memo.clear();
            }
            memo.put(s, r);
            return r;
        }
    }

    private static Compiled len(Args a, EnumSet<Dependency> deps) {
        Node.Value target = a.get(0);
        return new Compiled(t -> switch (target.get(t)) {
            case String s -> (long) s.getBytes(StandardCharsets.UTF_8).length;
            case List<?> l -> (long) l.size();
            case Attributes m -> (long) m.size();
            case byte[] b -> (long) b.length;
            case null, default -> throw new OttlEvalException(
                    "target arg must be of type string, []any, map[string]any, pcommon.Map, pcommon.Slice, "
                            + "or pcommon.Value (of type String, Map, Slice)");
        }, Returns.INT);
    }

    /** Concat([a, b, ...], delimiter): values converted as StringLike, nil written as {@code <nil>}. */
    private static Compiled concat(Args a, EnumSet<Dependency> deps) throws OttlSyntaxException {
        if (!(a.get(0) instanceof ListValue list)) {
            throw new OttlSyntaxException(a.syntax().get(0).column(),
                    "invalid argument at position 0: expected a list literal, e.g. [a, b]");
        }
        Node.Value delimiter = a.get(1);
        return new Compiled(t -> {
            String d = requireString(delimiter.get(t));
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < list.items().size(); i++) {
                if (i > 0) {
                    sb.append(d);
                }
                String s = StringLike.of(list.items().get(i).get(t));
                sb.append(s == null ? "<nil>" : s);
            }
            return sb.toString();
        }, Returns.STRING);
    }

    /**
     * HasAttrKeyOnDatapoint / HasAttrOnDatapoint, with the Collector's behaviour: the first point
     * that has the key decides (for HasAttrOnDatapoint, whether its string value equals the
     * expected one; a non-string value reads as "").
     */
    private static Compiled hasAttrOnDatapoint(String key, String expected, EnumSet<Dependency> deps) {
        deps.add(Dependency.DATAPOINTS);
        return new Compiled(t -> {
            if (t.metric.type() == MetricType.EMPTY) {
                throw new OttlEvalException("unknown metric type");
            }
            DataPoints p = t.metric.points();
            for (int i = 0; i < p.size(); i++) {
                Attributes attrs = p.attributes(i);
                int at = attrs.indexOf(key);
                if (at >= 0) {
                    if (expected == null) {
                        return true;
                    }
                    return attrs.value(at) instanceof String s ? s.equals(expected) : expected.isEmpty();
                }
            }
            return false;
        }, Returns.BOOL);
    }

    /** A list literal; kept as a node so Concat can read its items one by one. */
    record ListValue(List<Node.Value> items) implements Node.Value {
        @Override
        public Object get(Target t) {
            Object[] out = new Object[items.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = items.get(i).get(t);
            }
            return java.util.Arrays.asList(out);
        }
    }
}
