package io.meshlens.ottl;

import io.meshlens.ottl.Token.Kind;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for OTTL conditions. OTTL's participle grammar is tried with full
 * lookahead (a boolean value is first tried as a comparison, then as a constant or converter, then
 * as a parenthesized expression), so this parser backtracks the same way; when nothing fits, the
 * error reported is the one that got furthest into the text, as participle reports it.
 */
final class Parser {
    /** A failed alternative; cheap (no stack trace) because backtracking creates many. */
    private static final class Failure extends Exception {
        final int column;
        final String message;

        Failure(int column, String message) {
            super(message, null, false, false);
            this.column = column;
            this.message = message;
        }
    }

    private final List<Token> tokens;
    private int pos;
    private Failure furthest;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Ast parseCondition(String text) throws OttlSyntaxException {
        Parser p = new Parser(Lexer.tokenize(text));
        try {
            Ast expr = p.booleanExpression();
            if (!p.peek().is(Kind.EOF)) {
                throw p.fail(p.peek(), null);
            }
            return expr;
        } catch (Failure f) {
            // The first failure at the furthest column is the most specific one (later ones at the same
            // place come from outer alternatives giving up).
            Failure best = p.furthest != null && p.furthest.column >= f.column ? p.furthest : f;
            throw new OttlSyntaxException(best.column, best.message);
        }
    }

    private Ast booleanExpression() throws Failure {
        int col = peek().column();
        List<Ast> terms = new ArrayList<>();
        terms.add(term());
        while (peek().is(Kind.OR)) {
            pos++;
            terms.add(term());
        }
        return terms.size() == 1 ? terms.get(0) : new Ast.Or(List.copyOf(terms), col);
    }

    private Ast term() throws Failure {
        int col = peek().column();
        List<Ast> values = new ArrayList<>();
        values.add(booleanValue());
        while (peek().is(Kind.AND)) {
            pos++;
            values.add(booleanValue());
        }
        return values.size() == 1 ? values.get(0) : new Ast.And(List.copyOf(values), col);
    }

    private Ast booleanValue() throws Failure {
        Token first = peek();
        boolean negated = first.is(Kind.NOT);
        if (negated) {
            pos++;
        }
        Ast v = booleanOperand();
        return negated ? new Ast.Not(v, first.column()) : v;
    }

    private Ast booleanOperand() throws Failure {
        int start = pos;
        try {
            return comparison();
        } catch (Failure f) {
            record(f);
            pos = start;
        }
        Token t = peek();
        if (t.is(Kind.BOOL)) {
            pos++;
            return new Ast.Literal(t.value(), t.column());
        }
        if (t.is(Kind.IDENT) && Character.isUpperCase(t.text().charAt(0)) && peek(1).is(Kind.LPAREN)) {
            return call();
        }
        if (t.is(Kind.LPAREN)) {
            pos++;
            Ast inner = booleanExpression();
            expect(Kind.RPAREN, "\")\"");
            return inner;
        }
        throw fail(t, null);
    }

    private Ast comparison() throws Failure {
        Token first = peek();
        Ast left = value();
        Token op = peek();
        if (!op.is(Kind.CMP)) {
            throw fail(op, "a comparison operator");
        }
        pos++;
        Ast right = value();
        return new Ast.Compare(left, CompareOp.of(op.text()), right, first.column());
    }

    private Ast value() throws Failure {
        Token t = peek();
        switch (t.kind()) {
            case NIL -> {
                pos++;
                return new Ast.Literal(null, t.column());
            }
            case STRING, BYTES, BOOL -> {
                pos++;
                return new Ast.Literal(t.value(), t.column());
            }
            case LBRACKET -> {
                return list();
            }
            case LBRACE -> {
                throw fail(t, null, "map literals are not supported in conditions");
            }
            case IDENT -> {
                if (t.isUpperSymbol() && !peek(1).is(Kind.LPAREN)) {
                    pos++;
                    return new Ast.EnumSymbol(t.text(), t.column());
                }
                return mathExpression();
            }
            default -> {
                return mathExpression();
            }
        }
    }

    private Ast mathExpression() throws Failure {
        Ast left = addSubTerm();
        while (peek().is(Kind.ADDSUB)) {
            Token op = next();
            left = new Ast.Math(left, op.text().charAt(0), addSubTerm(), op.column());
        }
        return left;
    }

    private Ast addSubTerm() throws Failure {
        Ast left = mathValue();
        while (peek().is(Kind.MULTDIV)) {
            Token op = next();
            left = new Ast.Math(left, op.text().charAt(0), mathValue(), op.column());
        }
        return left;
    }

    private Ast mathValue() throws Failure {
        Token t = peek();
        if (t.is(Kind.LPAREN)) {
            pos++;
            Ast inner = mathExpression();
            expect(Kind.RPAREN, "\")\"");
            return inner;
        }
        return mathLiteral();
    }

    private Ast mathLiteral() throws Failure {
        Token t = peek();
        switch (t.kind()) {
            case INT, FLOAT -> {
                pos++;
                return new Ast.Literal(t.value(), t.column());
            }
            case IDENT -> {
                if (peek(1).is(Kind.LPAREN)) {
                    if (!Character.isUpperCase(t.text().charAt(0))) {
                        throw fail(t, null, "converter names must start with an uppercase letter but got '"
                                + t.text() + "'");
                    }
                    return call();
                }
                if (t.isLowerName()) {
                    return path();
                }
                throw fail(t, null);
            }
            default -> throw fail(t, "a value");
        }
    }

    private Ast path() throws Failure {
        int col = peek().column();
        List<Ast.Field> fields = new ArrayList<>();
        fields.add(field());
        while (peek().is(Kind.DOT)) {
            pos++;
            fields.add(field());
        }
        return new Ast.Path(List.copyOf(fields), col);
    }

    private Ast.Field field() throws Failure {
        Token name = peek();
        if (!name.isLowerName()) {
            throw fail(name, "a path segment");
        }
        pos++;
        return new Ast.Field(name.text(), keys(), name.column());
    }

    private List<Ast.Key> keys() throws Failure {
        List<Ast.Key> keys = new ArrayList<>();
        while (peek().is(Kind.LBRACKET)) {
            pos++;
            Token k = peek();
            if (!k.is(Kind.STRING) && !k.is(Kind.INT)) {
                throw fail(k, "a string or int key");
            }
            pos++;
            keys.add(new Ast.Key(k.value(), k.column()));
            expect(Kind.RBRACKET, "\"]\"");
        }
        return List.copyOf(keys);
    }

    private Ast call() throws Failure {
        Token name = next();
        expect(Kind.LPAREN, "\"(\"");
        List<Ast.Arg> args = new ArrayList<>();
        if (!peek().is(Kind.RPAREN)) {
            args.add(argument());
            while (peek().is(Kind.COMMA)) {
                pos++;
                args.add(argument());
            }
        }
        expect(Kind.RPAREN, "\")\"");
        return new Ast.Call(name.text(), List.copyOf(args), keys(), name.column());
    }

    private Ast.Arg argument() throws Failure {
        Token t = peek();
        String argName = null;
        if (t.isLowerName() && peek(1).is(Kind.EQUAL)) {
            argName = t.text();
            pos += 2;
        }
        return new Ast.Arg(argName, value(), t.column());
    }

    private Ast list() throws Failure {
        Token open = next();
        List<Ast> items = new ArrayList<>();
        if (!peek().is(Kind.RBRACKET)) {
            items.add(value());
            while (peek().is(Kind.COMMA)) {
                pos++;
                items.add(value());
            }
        }
        expect(Kind.RBRACKET, "\"]\"");
        return new Ast.ListLiteral(List.copyOf(items), open.column());
    }

    private void expect(Kind k, String what) throws Failure {
        Token t = peek();
        if (!t.is(k)) {
            throw fail(t, what);
        }
        pos++;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private Failure fail(Token t, String expected) {
        return fail(t, expected, "unexpected token " + t.quoted() + (expected == null ? "" : " (expected " + expected + ")"));
    }

    private Failure fail(Token t, String expected, String message) {
        Failure f = new Failure(t.column(), message);
        record(f);
        return f;
    }

    private void record(Failure f) {
        if (furthest == null || f.column > furthest.column) {
            furthest = f;
        }
    }
}
