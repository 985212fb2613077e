package io.meshlens.ottl;

/** Compiled, executable pieces of a condition. */
final class Node {
    private Node() {
    }

    /** A boolean expression. May throw {@link OttlEvalException}. */
    interface Bool {
        boolean test(Target t);
    }

    /**
     * A value: String, Long, Double, Boolean, byte[], List, {@link io.meshlens.model.Attributes}
     * (a map) or null. Implementations return stored instances (no copying) so that comparing a
     * path with a literal does not allocate.
     */
    interface Value {
        Object get(Target t);

        /** The literal's value when this is a literal, else {@link #NOT_CONSTANT}. */
        default Object constant() {
            return NOT_CONSTANT;
        }
    }

    /**
     * A numeric value read without boxing (value_double, time_unix_nano, a number literal...). Its
     * kind (int or double) is fixed; {@link #present} is false where the OTTL getter returns nil.
     */
    interface Numeric extends Value {
        boolean isDouble();

        boolean present(Target t);

        long asLong(Target t);

        double asDouble(Target t);

        @Override
        default Object get(Target t) {
            if (!present(t)) {
                return null;
            }
            return isDouble() ? (Object) asDouble(t) : (Object) asLong(t);
        }
    }

    static final Object NOT_CONSTANT = new Object();

    /** A literal value. */
    record Literal(Object value) implements Value {
        @Override
        public Object get(Target t) {
            return value;
        }

        @Override
        public Object constant() {
            return value;
        }
    }

    /** A number literal, also readable without boxing. */
    record NumberLiteral(Object value) implements Numeric {
        @Override
        public boolean isDouble() {
            return value instanceof Double;
        }

        @Override
        public boolean present(Target t) {
            return true;
        }

        @Override
        public long asLong(Target t) {
            return ((Number) value).longValue();
        }

        @Override
        public double asDouble(Target t) {
            return ((Number) value).doubleValue();
        }

        @Override
        public Object get(Target t) {
            return value;
        }

        @Override
        public Object constant() {
            return value;
        }
    }
}
