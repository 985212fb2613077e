package io.meshlens.ottl;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A compiled OTTL condition for one context. Immutable and thread-safe: evaluate it concurrently
 * with one {@link Target} per thread.
 */
public final class Condition {
    private final String text;
    private final OttlContext context;
    private final Node.Bool expr;
    private final Set<Dependency> dependencies;

    Condition(String text, OttlContext context, Node.Bool expr, EnumSet<Dependency> dependencies) {
        this.text = text;
        this.context = context;
        this.expr = expr;
        this.dependencies = Collections.unmodifiableSet(EnumSet.copyOf(dependencies));
    }

    /**
     * Compiles {@code text} for {@code context}.
     *
     * @throws OttlSyntaxException on a syntax error, an unknown path/function/enum or bad arguments,
     *         with the 1-based column inside {@code text}
     */
    public static Condition parse(String text, OttlContext context) throws OttlSyntaxException {
        Ast ast = Parser.parseCondition(text);
        Compiler c = new Compiler(context);
        Node.Bool expr = c.bool(ast);
        return new Condition(text, context, expr, c.deps);
    }

    /**
     * Evaluates at the target's current position.
     *
     * @throws OttlEvalException when a value has a type the condition cannot use
     */
    public boolean evaluate(Target target) {
        return expr.test(target);
    }

    public String text() {
        return text;
    }

    public OttlContext context() {
        return context;
    }

    /** What the condition reads; empty for a constant condition. */
    public Set<Dependency> dependencies() {
        return dependencies;
    }

    @Override
    public String toString() {
        return text;
    }
}
