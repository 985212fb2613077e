package io.meshlens.ottl;

/**
 * {@code + - * /} as OTTL evaluates them: int with int stays int, any double makes the result a
 * double, anything else (strings, nil) is an evaluation error, as is dividing by zero.
 */
final class MathOp {
    private MathOp() {
    }

    static Node.Value of(Node.Value left, char op, Node.Value right) {
        return t -> apply(left.get(t), op, right.get(t));
    }

    static Object apply(Object x, char op, Object y) {
        if (x instanceof Long a && y instanceof Long b) {
            return switch (op) {
                case '+' -> a + b;
                case '-' -> a - b;
                case '*' -> a * b;
                default -> {
                    if (b == 0) {
                        throw new OttlEvalException("attempted to divide by 0");
                    }
                    yield a / b;
                }
            };
        }
        if (!(x instanceof Long || x instanceof Double)) {
            throw new OttlEvalException(describe(x) + " must be int64 or float64");
        }
        if (!(y instanceof Long || y instanceof Double)) {
            throw new OttlEvalException(describe(y) + " must be int64 or float64");
        }
        double a = ((Number) x).doubleValue();
        double b = ((Number) y).doubleValue();
        return switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            default -> {
                if (b == 0) {
                    throw new OttlEvalException("attempted to divide by 0");
                }
                yield a / b;
            }
        };
    }

    private static String describe(Object v) {
        return v == null ? "<nil>" : String.valueOf(v);
    }
}
