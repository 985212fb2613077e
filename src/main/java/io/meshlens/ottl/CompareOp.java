package io.meshlens.ottl;

/** OTTL comparison operators. */
enum CompareOp {
    EQ("=="), NE("!="), LT("<"), LTE("<="), GT(">"), GTE(">=");

    final String symbol;

    CompareOp(String symbol) {
        this.symbol = symbol;
    }

    static CompareOp of(String s) {
        for (CompareOp op : values()) {
            if (op.symbol.equals(s)) {
                return op;
            }
        }
        throw new IllegalArgumentException(s);
    }

    /** Applies the operator to the sign of a three-way comparison. */
    boolean test(int cmp) {
        return switch (this) {
            case EQ -> cmp == 0;
            case NE -> cmp != 0;
            case LT -> cmp < 0;
            case LTE -> cmp <= 0;
            case GT -> cmp > 0;
            case GTE -> cmp >= 0;
        };
    }
}
