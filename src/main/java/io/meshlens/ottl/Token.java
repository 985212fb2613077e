package io.meshlens.ottl;

/** One lexical token; {@code column} is 1-based, {@code value} is the decoded literal (String, Long, Double, byte[]). */
record Token(Kind kind, String text, Object value, int column) {
    enum Kind {
        STRING, INT, FLOAT, BYTES, NOT, OR, AND, CMP, ADDSUB, MULTDIV, BOOL, NIL, EQUAL,
        LPAREN, RPAREN, LBRACE, RBRACE, COLON, COMMA, DOT, LBRACKET, RBRACKET, IDENT, EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    /** How the token is quoted in messages, as participle does ({@code "<EOF>"} at the end). */
    String quoted() {
        return kind == Kind.EOF ? "\"<EOF>\"" : "\"" + text + "\"";
    }

    /** {@code [A-Z][A-Z0-9_]*}: an enum symbol (OTTL's Uppercase token). */
    boolean isUpperSymbol() {
        if (kind != Kind.IDENT || !Character.isUpperCase(text.charAt(0))) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /** {@code [a-z][a-z0-9_]*}: a path segment (OTTL's Lowercase token). */
    boolean isLowerName() {
        if (kind != Kind.IDENT || !(text.charAt(0) >= 'a' && text.charAt(0) <= 'z')) {
            return false;
        }
        for (int i = 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
