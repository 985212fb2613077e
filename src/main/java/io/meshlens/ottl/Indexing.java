package io.meshlens.ottl;

import io.meshlens.model.Attributes;

import java.util.List;

/** Applies keys after the first ({@code attributes["k"]["inner"][0]}) to nested maps and lists. */
final class Indexing {
    private Indexing() {
    }

    static Object index(Object v, List<Ast.Key> keys) {
        for (Ast.Key k : keys) {
            if (v == null) {
                return null;
            }
            if (k.value() instanceof String s) {
                if (!(v instanceof Attributes m)) {
                    throw new OttlEvalException("type " + typeName(v) + " does not support string indexing");
                }
                v = m.get(s);
            } else {
                long i = (Long) k.value();
                if (!(v instanceof List<?> l)) {
                    throw new OttlEvalException("type " + typeName(v) + " does not support int indexing");
                }
                if (i < 0 || i >= l.size()) {
                    throw new OttlEvalException("index " + i + " out of bounds");
                }
                v = l.get((int) i);
            }
        }
        return v;
    }

    static String typeName(Object v) {
        return switch (v) {
            case null -> "nil";
            case String s -> "string";
            case Long l -> "int64";
            case Double d -> "float64";
            case Boolean b -> "bool";
            case byte[] b -> "[]byte";
            case Attributes a -> "map";
            case List<?> l -> "slice";
            default -> v.getClass().getSimpleName();
        };
    }
}
