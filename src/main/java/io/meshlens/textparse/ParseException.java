package io.meshlens.textparse;

/**
 * A malformed exposition. The message names the 1-based line and column and says what was
 * expected and what was found, e.g. {@code line 3, column 17: expected value after metric, got "}"}.
 * Checked, so a scrape loop cannot forget that a body may be bad; it is the only exception the
 * parser throws on any input.
 */
public final class ParseException extends Exception {
    private final int line;
    private final int column;
    private final int offset;
    private final String detail;

    ParseException(String detail, int line, int column, int offset) {
        super("line " + line + ", column " + column + ": " + detail);
        this.detail = detail;
        this.line = line;
        this.column = column;
        this.offset = offset;
    }

    /** 1-based line number of the error. */
    public int line() {
        return line;
    }

    /** 1-based column (byte) within the line. */
    public int column() {
        return column;
    }

    /** Byte offset of the error in the parsed array (absolute, not relative to the start offset). */
    public int offset() {
        return offset;
    }

    /** The message without the position prefix. */
    public String detail() {
        return detail;
    }
}
