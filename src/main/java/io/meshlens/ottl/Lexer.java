package io.meshlens.ottl;

import io.meshlens.ottl.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a condition into tokens with the rules and rule order of OTTL's lexer (pkg/ottl
 * grammar.go): bytes {@code 0x..} before floats before ints, signed numbers ({@code -1} is one
 * token, so {@code x -1} is not a subtraction), strings with Go escapes, keyword operators only as
 * whole words. Identifiers are read whole ({@code IsMatch}, {@code value_double}) and classified
 * by the parser.
 */
final class Lexer {
    private final String src;
    private int pos;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokenize(String src) throws OttlSyntaxException {
        return new Lexer(src).run();
    }

    private List<Token> run() throws OttlSyntaxException {
        List<Token> out = new ArrayList<>();
        while (true) {
            while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
                pos++;
            }
            if (pos >= src.length()) {
                out.add(new Token(Kind.EOF, "", null, src.length() + 1));
                return out;
            }
            out.add(next());
        }
    }

    private Token next() throws OttlSyntaxException {
        int start = pos;
        char c = src.charAt(pos);
        if (c == '0' && peek(1) == 'x' && isHex(peek(2))) {
            pos += 2;
            while (pos < src.length() && isHex(src.charAt(pos))) {
                pos++;
            }
            return bytes(start);
        }
        int numEnd = numberEnd(pos);
        if (numEnd > pos) {
            return number(start, numEnd);
        }
        if (c == '"') {
            return string(start);
        }
        if (isLetter(c)) {
            while (pos < src.length() && isWordChar(src.charAt(pos))) {
                pos++;
            }
            String w = src.substring(start, pos);
            return switch (w) {
                case "not" -> tok(Kind.NOT, start);
                case "or" -> tok(Kind.OR, start);
                case "and" -> tok(Kind.AND, start);
                case "true" -> new Token(Kind.BOOL, w, Boolean.TRUE, start + 1);
                case "false" -> new Token(Kind.BOOL, w, Boolean.FALSE, start + 1);
                case "nil" -> tok(Kind.NIL, start);
                default -> tok(Kind.IDENT, start);
            };
        }
        if (src.startsWith("==", pos) || src.startsWith("!=", pos) || src.startsWith(">=", pos)
                || src.startsWith("<=", pos)) {
            pos += 2;
            return tok(Kind.CMP, start);
        }
        pos++;
        return switch (c) {
            case '>', '<' -> tok(Kind.CMP, start);
            case '+', '-' -> tok(Kind.ADDSUB, start);
            case '*', '/' -> tok(Kind.MULTDIV, start);
            case '=' -> tok(Kind.EQUAL, start);
            case '(' -> tok(Kind.LPAREN, start);
            case ')' -> tok(Kind.RPAREN, start);
            case '{' -> tok(Kind.LBRACE, start);
            case '}' -> tok(Kind.RBRACE, start);
            case ':' -> tok(Kind.COLON, start);
            case ',' -> tok(Kind.COMMA, start);
            case '.' -> tok(Kind.DOT, start);
            case '[' -> tok(Kind.LBRACKET, start);
            case ']' -> tok(Kind.RBRACKET, start);
            default -> throw new OttlSyntaxException(start + 1,
                    "invalid input text \"" + src.substring(start, Math.min(src.length(), start + 10)) + "\"");
        };
    }

    private Token tok(Kind k, int start) {
        return new Token(k, src.substring(start, pos), null, start + 1);
    }

    /** End of a Float ({@code [-+]?\d*\.\d+([eE][-+]?\d+)?}) or Int ({@code [-+]?\d+}) at {@code p}, or p. */
    private int numberEnd(int p) {
        int i = p;
        if (i < src.length() && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (i < src.length() && isDigit(src.charAt(i))) {
            i++;
        }
        int intEnd = i > digits ? i : p;
        if (i < src.length() && src.charAt(i) == '.' && i + 1 < src.length() && isDigit(src.charAt(i + 1))) {
            i++;
            while (i < src.length() && isDigit(src.charAt(i))) {
                i++;
            }
            if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
                int j = i + 1;
                if (j < src.length() && (src.charAt(j) == '+' || src.charAt(j) == '-')) {
                    j++;
                }
                int expDigits = j;
                while (j < src.length() && isDigit(src.charAt(j))) {
                    j++;
                }
                if (j > expDigits) {
                    i = j;
                }
            }
            return i;
        }
        return intEnd;
    }

    private Token number(int start, int end) throws OttlSyntaxException {
        pos = end;
        String text = src.substring(start, end);
        boolean isFloat = text.indexOf('.') >= 0;
        try {
            if (isFloat) {
                return new Token(Kind.FLOAT, text, Double.parseDouble(text), start + 1);
            }
            return new Token(Kind.INT, text, Long.parseLong(text), start + 1);
        } catch (NumberFormatException e) {
            throw new OttlSyntaxException(start + 1, "invalid number " + text + " (out of range)");
        }
    }

    private Token bytes(int start) throws OttlSyntaxException {
        String hex = src.substring(start + 2, pos);
        if (hex.length() % 2 != 0) {
            throw new OttlSyntaxException(start + 1, "invalid bytes literal " + src.substring(start, pos)
                    + ": odd number of hex digits");
        }
        byte[] b = new byte[hex.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return new Token(Kind.BYTES, src.substring(start, pos), b, start + 1);
    }

    /** A double-quoted string decoded as Go's strconv.Unquote does (participle.Unquote). */
    private Token string(int start) throws OttlSyntaxException {
        StringBuilder sb = new StringBuilder();
        int i = start + 1;
        while (true) {
            if (i >= src.length()) {
                throw new OttlSyntaxException(start + 1, "unterminated string " + src.substring(start));
            }
            char c = src.charAt(i);
            if (c == '"') {
                i++;
                break;
            }
            if (c == '\n') {
                throw new OttlSyntaxException(i + 1, "newline in string");
            }
            if (c != '\\') {
                sb.append(c);
                i++;
                continue;
            }
            if (i + 1 >= src.length()) {
                throw new OttlSyntaxException(start + 1, "unterminated string " + src.substring(start));
            }
            char e = src.charAt(i + 1);
            int escCol = i + 1;
            i += 2;
            switch (e) {
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case '\\' -> sb.append('\\');
                case '"' -> sb.append('"');
                case 'x' -> {
                    sb.append((char) hexValue(i, 2, escCol));
                    i += 2;
                }
                case 'u' -> {
                    sb.appendCodePoint(codePoint(hexValue(i, 4, escCol), escCol));
                    i += 4;
                }
                case 'U' -> {
                    sb.appendCodePoint(codePoint(hexValue(i, 8, escCol), escCol));
                    i += 8;
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        int v = octal(i - 1, escCol);
                        sb.append((char) v);
                        i += 2;
                    } else {
                        throw new OttlSyntaxException(escCol, "invalid escape \\" + e + " in string");
                    }
                }
            }
        }
        pos = i;
        return new Token(Kind.STRING, src.substring(start, i), sb.toString(), start + 1);
    }

    private int hexValue(int at, int n, int col) throws OttlSyntaxException {
        if (at + n > src.length()) {
            throw new OttlSyntaxException(col, "invalid escape in string: expected " + n + " hex digits");
        }
        int v = 0;
        for (int k = 0; k < n; k++) {
            char h = src.charAt(at + k);
            if (!isHex(h)) {
                throw new OttlSyntaxException(col, "invalid escape in string: expected " + n + " hex digits");
            }
            v = v * 16 + Character.digit(h, 16);
        }
        return v;
    }

    private int octal(int at, int col) throws OttlSyntaxException {
        if (at + 3 > src.length()) {
            throw new OttlSyntaxException(col, "invalid octal escape in string");
        }
        int v = 0;
        for (int k = 0; k < 3; k++) {
            char o = src.charAt(at + k);
            if (o < '0' || o > '7') {
                throw new OttlSyntaxException(col, "invalid octal escape in string");
            }
            v = v * 8 + (o - '0');
        }
        if (v > 255) {
            throw new OttlSyntaxException(col, "invalid octal escape in string");
        }
        return v;
    }

    private static int codePoint(int v, int col) throws OttlSyntaxException {
        if (v > Character.MAX_CODE_POINT || v >= 0xD800 && v < 0xE000) {
            throw new OttlSyntaxException(col, "invalid unicode escape in string");
        }
        return v;
    }

    private char peek(int ahead) {
        return pos + ahead < src.length() ? src.charAt(pos + ahead) : '\0';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static boolean isLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isWordChar(char c) {
        return isLetter(c) || isDigit(c) || c == '_';
    }
}
