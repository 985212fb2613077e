package io.meshlens.ottl;

/**
 * A condition that cannot be compiled: bad syntax, an unknown path, function or enum, or wrong
 * arguments. {@link #column()} is 1-based inside the condition text, so config errors can point at
 * the exact character ({@code condition 1, column 27: unexpected token ")"}).
 */
public final class OttlSyntaxException extends Exception {
    private final int column;
    private final String detail;

    public OttlSyntaxException(int column, String detail) {
        super("column " + column + ": " + detail);
        this.column = column;
        this.detail = detail;
    }

    /** 1-based column inside the condition text. */
    public int column() {
        return column;
    }

    /** The message without the column. */
    public String detail() {
        return detail;
    }
}
