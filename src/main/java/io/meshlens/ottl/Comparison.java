package io.meshlens.ottl;

import io.meshlens.model.Attributes;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * OTTL's comparison rules (pkg/ottl compare.go): nil equals only nil; numbers compare across int
 * and double; strings compare byte-wise as UTF-8 (code point order); false &lt; true; bytes
 * compare lexicographically; maps and lists only support == and !=. Any other mix of types is an
 * "invalid comparison": false for every operator except {@code !=}, which is true.
 */
final class Comparison {
    private Comparison() {
    }

    static boolean compare(Object a, Object b, CompareOp op) {
        if (a == null && b == null) {
            return op == CompareOp.EQ || op == CompareOp.LTE || op == CompareOp.GTE;
        }
        if (a == null) {
            // As Go does: swap without mirroring the operator; only != can be true against nil.
            return compare(b, null, op);
        }
        return switch (a) {
            case Boolean x -> b instanceof Boolean y ? compareBools(x, y, op) : invalid(op);
            case Long x -> switch (b) {
                case Long y -> op.test(Long.compare(x, y));
                case Double y -> doubles(x.doubleValue(), y, op);
                case null, default -> invalid(op);
            };
            case Double x -> switch (b) {
                case Long y -> doubles(x, y.doubleValue(), op);
                case Double y -> doubles(x, y, op);
                case null, default -> invalid(op);
            };
            case String x -> b instanceof String y ? op.test(compareUtf8(x, y)) : invalid(op);
            case byte[] x -> {
                if (b == null) {
                    yield op == CompareOp.NE;
                }
                yield b instanceof byte[] y ? op.test(Arrays.compareUnsigned(x, y)) : invalid(op);
            }
            case Attributes x -> b instanceof Attributes y ? equality(x.equals(y), op) : invalid(op);
            case List<?> x -> b instanceof List<?> y ? equality(x.equals(y), op) : invalid(op);
            default -> equality(Objects.equals(a, b), op);
        };
    }

    /** Java's double operators have Go's NaN semantics (every comparison false except !=). */
    static boolean doubles(double x, double y, CompareOp op) {
        return switch (op) {
            case EQ -> x == y;
            case NE -> x != y;
            case LT -> x < y;
            case LTE -> x <= y;
            case GT -> x > y;
            case GTE -> x >= y;
        };
    }

    private static boolean compareBools(boolean a, boolean b, CompareOp op) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> !a && b;
            case LTE -> !a || b;
            case GTE -> a || !b;
            case GT -> a && !b;
        };
    }

    private static boolean equality(boolean equal, CompareOp op) {
        return switch (op) {
            case EQ -> equal;
            case NE -> !equal;
            default -> false;
        };
    }

    private static boolean invalid(CompareOp op) {
        return op == CompareOp.NE;
    }

    /**
     * Go compares strings byte-wise; UTF-8 byte order is code point order, which differs from
     * Java's UTF-16 order only between surrogates and U+E000..U+FFFF.
     */
    static int compareUtf8(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char c1 = a.charAt(i);
            char c2 = b.charAt(i);
            if (c1 != c2) {
                if (c1 >= 0xD800 && c2 >= 0xD800) {
                    c1 = fixup(c1);
                    c2 = fixup(c2);
                }
                return Integer.compare(c1, c2);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    private static char fixup(char c) {
        return (char) (c >= 0xE000 ? c - 0x800 : c + 0x2000);
    }
}
