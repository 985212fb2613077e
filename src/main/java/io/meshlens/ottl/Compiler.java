package io.meshlens.ottl;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Turns a syntax tree into executable nodes for one context, resolving every path, enum and
 * function up front so that evaluation never looks anything up. Records what the condition reads
 * ({@link Dependency}) for callers that memoize verdicts.
 */
final class Compiler {
    private final OttlContext ctx;
    final EnumSet<Dependency> deps = EnumSet.noneOf(Dependency.class);

    Compiler(OttlContext ctx) {
        this.ctx = ctx;
    }

    Node.Bool bool(Ast a) throws OttlSyntaxException {
        return switch (a) {
            case Ast.Or or -> {
                Node.Bool[] terms = bools(or.terms());
                yield t -> {
                    for (Node.Bool b : terms) {
                        if (b.test(t)) {
                            return true;
                        }
                    }
                    return false;
                };
            }
            case Ast.And and -> {
                Node.Bool[] values = bools(and.values());
                yield t -> {
                    for (Node.Bool b : values) {
                        if (!b.test(t)) {
                            return false;
                        }
                    }
                    return true;
                };
            }
            case Ast.Not not -> {
                Node.Bool inner = bool(not.inner());
                yield t -> !inner.test(t);
            }
            case Ast.Compare c -> comparison(value(c.left()), c.op(), value(c.right()));
            case Ast.Literal lit when lit.value() instanceof Boolean b -> t -> b;
            case Ast.Call call -> {
                Functions.Compiled fn = call(call);
                if (call.keys().isEmpty() && fn.returns() != Functions.Returns.BOOL
                        && fn.returns() != Functions.Returns.ANY) {
                    throw new OttlSyntaxException(call.column(), "converter " + call.name()
                            + " does not return a boolean, so it cannot be a condition on its own");
                }
                Node.Value v = fn.node();
                yield t -> {
                    if (v.get(t) instanceof Boolean b) {
                        return b;
                    }
                    throw new OttlEvalException("value returned from Converter in constExpr is not a bool");
                };
            }
            default -> throw new OttlSyntaxException(a.column(), "expected a boolean expression");
        };
    }

    private Node.Bool[] bools(List<Ast> list) throws OttlSyntaxException {
        Node.Bool[] out = new Node.Bool[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = bool(list.get(i));
        }
        return out;
    }

    /** Numeric paths against numbers compare on primitives: no boxing per data point. */
    private static Node.Bool comparison(Node.Value left, CompareOp op, Node.Value right) {
        if (left instanceof Node.Numeric l && right instanceof Node.Numeric r) {
            boolean asLongs = !l.isDouble() && !r.isDouble();
            return t -> {
                boolean lp = l.present(t);
                boolean rp = r.present(t);
                if (!lp || !rp) {
                    return Comparison.compare(lp ? l.get(t) : null, rp ? r.get(t) : null, op);
                }
                return asLongs ? op.test(Long.compare(l.asLong(t), r.asLong(t)))
                        : Comparison.doubles(l.asDouble(t), r.asDouble(t), op);
            };
        }
        return t -> Comparison.compare(left.get(t), right.get(t), op);
    }

    Node.Value value(Ast a) throws OttlSyntaxException {
        return switch (a) {
            case Ast.Literal lit -> lit.value() instanceof Long || lit.value() instanceof Double
                    ? new Node.NumberLiteral(lit.value()) : new Node.Literal(lit.value());
            case Ast.EnumSymbol e -> {
                Long v = Enums.lookup(e.name(), ctx);
                if (v == null) {
                    throw new OttlSyntaxException(e.column(), "enum symbol, " + e.name() + ", not found");
                }
                yield new Node.NumberLiteral(v);
            }
            case Ast.Path p -> Paths.resolve(p, ctx, deps);
            case Ast.Call c -> call(c).node();
            case Ast.ListLiteral l -> {
                List<Node.Value> items = new ArrayList<>();
                for (Ast item : l.items()) {
                    items.add(value(item));
                }
                yield new Functions.ListValue(List.copyOf(items));
            }
            case Ast.Math m -> MathOp.of(value(m.left()), m.op(), value(m.right()));
            case Ast.MapLiteral m -> throw new OttlSyntaxException(m.column(), "map literals are not supported");
            default -> throw new OttlSyntaxException(a.column(), "expected a value, not a boolean expression");
        };
    }

    private Functions.Compiled call(Ast.Call c) throws OttlSyntaxException {
        Functions.Spec spec = Functions.lookup(c.name(), ctx);
        if (spec == null) {
            throw new OttlSyntaxException(c.column(), "undefined function \"" + c.name() + "\"");
        }
        if (c.args().size() != spec.params().size()) {
            throw new OttlSyntaxException(c.column(), "incorrect number of arguments. Expected: "
                    + spec.params().size() + " Received: " + c.args().size());
        }
        Node.Value[] values = new Node.Value[c.args().size()];
        Ast.Arg[] syntax = new Ast.Arg[c.args().size()];
        boolean named = false;
        for (int i = 0; i < c.args().size(); i++) {
            Ast.Arg arg = c.args().get(i);
            int at = i;
            if (arg.name() != null) {
                named = true;
                at = spec.params().indexOf(arg.name());
                if (at < 0) {
                    throw new OttlSyntaxException(arg.column(), "no such parameter \"" + arg.name() + "\" of "
                            + c.name() + " (parameters: " + String.join(", ", spec.params()) + ")");
                }
                if (values[at] != null) {
                    throw new OttlSyntaxException(arg.column(), "duplicate argument \"" + arg.name() + "\"");
                }
            } else if (named) {
                throw new OttlSyntaxException(arg.column(), "unnamed argument used after named argument");
            }
            values[at] = value(arg.value());
            syntax[at] = arg;
        }
        Functions.Compiled fn = spec.builder().build(new Functions.Args(List.of(values), List.of(syntax)), deps);
        if (c.keys().isEmpty()) {
            return fn;
        }
        Node.Value base = fn.node();
        List<Ast.Key> keys = c.keys();
        return new Functions.Compiled(t -> Indexing.index(base.get(t), keys), Functions.Returns.ANY);
    }
}
