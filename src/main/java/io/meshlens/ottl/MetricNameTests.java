package io.meshlens.ottl;

import java.util.ArrayList;
import java.util.List;

/**
 * The tests of a metric's name in a condition, for tools that reason about a config without running
 * it (lint, explain): {@code name == "x"}, {@code name != "x"} and {@code IsMatch(name, "re")} with a
 * literal, in the metric context ({@code name}) or the datapoint context ({@code metric.name}).
 */
public final class MetricNameTests {
    /** How the name is tested. */
    public enum Kind { EQUALS, IS_MATCH }

    /**
     * One test. {@code keeps} is true when a name passing the test makes the condition <em>less</em>
     * true (it sits under an odd number of {@code not}s, counting {@code !=} as one): in a filter
     * processor, whose true conditions drop, such a test lists names to keep.
     *
     * @param column 1-based column of the literal inside the condition text
     */
    public record Test(Kind kind, String literal, boolean keeps, int column) {
    }

    private MetricNameTests() {
    }

    /** The name tests of {@code condition}, in text order. */
    public static List<Test> of(String condition) throws OttlSyntaxException {
        List<Test> out = new ArrayList<>();
        walk(Parser.parseCondition(condition), false, out);
        return out;
    }

    private static void walk(Ast a, boolean negated, List<Test> out) {
        switch (a) {
            case Ast.Or or -> or.terms().forEach(t -> walk(t, negated, out));
            case Ast.And and -> and.values().forEach(v -> walk(v, negated, out));
            case Ast.Not not -> walk(not.inner(), !negated, out);
            case Ast.Compare c when c.op() == CompareOp.EQ || c.op() == CompareOp.NE -> {
                boolean neg = negated ^ (c.op() == CompareOp.NE);
                if (isName(c.left()) && c.right() instanceof Ast.Literal l && l.value() instanceof String s) {
                    out.add(new Test(Kind.EQUALS, s, neg, l.column()));
                } else if (isName(c.right()) && c.left() instanceof Ast.Literal l && l.value() instanceof String s) {
                    out.add(new Test(Kind.EQUALS, s, neg, l.column()));
                }
            }
            case Ast.Call call when call.name().equals("IsMatch") && call.args().size() == 2
                    && isName(call.args().get(0).value())
                    && call.args().get(1).value() instanceof Ast.Literal l && l.value() instanceof String s ->
                    out.add(new Test(Kind.IS_MATCH, s, negated, l.column()));
            default -> {
            }
        }
    }

    private static boolean isName(Ast a) {
        if (!(a instanceof Ast.Path p) || p.fields().stream().anyMatch(f -> !f.keys().isEmpty())) {
            return false;
        }
        List<String> names = p.fields().stream().map(Ast.Field::name).toList();
        return names.equals(List.of("name")) || names.equals(List.of("metric", "name"));
    }
}
