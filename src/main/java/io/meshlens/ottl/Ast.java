package io.meshlens.ottl;

import java.util.List;

/**
 * The syntax tree of a condition, as OTTL's grammar shapes it: a boolean expression of terms
 * joined by {@code or}, terms of boolean values joined by {@code and}; a boolean value is an
 * optionally negated comparison, {@code true}/{@code false}, a converter call or a parenthesized
 * expression. Every node keeps the 1-based column where it starts, for error messages.
 */
sealed interface Ast {
    int column();

    record Or(List<Ast> terms, int column) implements Ast {
    }

    record And(List<Ast> values, int column) implements Ast {
    }

    record Not(Ast inner, int column) implements Ast {
    }

    record Compare(Ast left, CompareOp op, Ast right, int column) implements Ast {
    }

    /** A literal: String, Long, Double, Boolean, byte[] or null (nil). */
    record Literal(Object value, int column) implements Ast {
    }

    record EnumSymbol(String name, int column) implements Ast {
    }

    /** {@code resource.attributes["k"]}: fields, each with optional keys. */
    record Path(List<Field> fields, int column) implements Ast {
        String text() {
            StringBuilder sb = new StringBuilder();
            for (Field f : fields) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(f.name);
                for (Key k : f.keys) {
                    sb.append('[').append(k.value instanceof String s ? "\"" + s + "\"" : k.value).append(']');
                }
            }
            return sb.toString();
        }
    }

    record Field(String name, List<Key> keys, int column) {
    }

    /** An index: String (map key) or Long (list index). */
    record Key(Object value, int column) {
    }

    record Call(String name, List<Arg> args, List<Key> keys, int column) implements Ast {
    }

    /** A function argument; {@code name} is null unless written {@code name = value}. */
    record Arg(String name, Ast value, int column) {
    }

    record ListLiteral(List<Ast> items, int column) implements Ast {
    }

    record MapLiteral(int column) implements Ast {
    }

    record Math(Ast left, char op, Ast right, int column) implements Ast {
    }
}
