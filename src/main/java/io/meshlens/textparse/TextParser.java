package io.meshlens.textparse;

/**
 * Prometheus text format 0.0.4, with the exact leniencies of Prometheus 2.42's {@code promlex.l}:
 * blanks and tabs between any two tokens, blank lines, missing commas between labels and a
 * trailing comma, raw line breaks inside label values, any {@code #} line that is not HELP/TYPE
 * as a comment (so {@code # UNIT} and {@code # EOF} are comments), a value glued to the name or
 * the closing brace, the last line without a line break, and a NUL byte where a line would start
 * ending the input.
 */
final class TextParser extends Parser {

    TextParser(byte[] b, int offset, int length, int maxLineBytes) {
        super(b, offset, length, maxLineBytes);
    }

    @Override
    public Format format() {
        return Format.PROMETHEUS_TEXT;
    }

    /** The byte at {@code q}, with the end of the body read as the line break Prometheus appends. */
    private int at(int q) {
        return q < end ? b[q] & 0xff : '\n';
    }

    private int skipBlanks(int q) {
        while (q < end && (b[q] == ' ' || b[q] == '\t')) {
            q++;
        }
        return q;
    }

    @Override
    public Entry next() throws ParseException {
        if (done) {
            return Entry.EOF;
        }
        for (;;) {
            lineStart = pos;
            int p = skipBlanks(pos);
            if (p >= end) {
                return endOfInput();
            }
            int c = b[p];
            if (c == '\n') {
                pos = p + 1;
                continue;
            }
            if (c == 0) {
                // promlex reads NUL at the start of a token as end of input: the rest is ignored.
                return finish();
            }
            if (c == '#') {
                return comment(p);
            }
            if (isNameStart(c)) {
                if (p != lineStart) {
                    // Prometheus keeps the blanks in the metric name and then fails the scrape
                    // with "invalid metric name"; fail here with a clearer message.
                    throw error(lineStart, "whitespace before metric name " + describe(p));
                }
                return series(p);
            }
            throw error(p, "unexpected " + describe(p) + " at start of line, expected a metric name or '#'");
        }
    }

    private Entry comment(int hash) throws ParseException {
        int q = hash + 1;
        int c = at(q);
        if (c != ' ' && c != '\t') {
            // "#text": promlex consumes it as a comment, but stops the whole input at a NUL byte.
            while (q < end && b[q] != '\n') {
                if (b[q] == 0) {
                    return finish();
                }
                q++;
            }
            return commentLine(hash, q);
        }
        q = skipBlanks(q);
        boolean help = startsWith(q, 'H', 'E', 'L', 'P');
        boolean isType = !help && startsWith(q, 'T', 'Y', 'P', 'E');
        if (!(help || isType) || (at(q + 4) != ' ' && at(q + 4) != '\t')) {
            return commentLine(hash, indexOfNewline(q));
        }
        String kw = help ? "HELP" : "TYPE";
        q = skipBlanks(q + 4);
        if (!isNameStart(at(q))) {
            throw error(q, "expected metric name after " + kw + ", got " + describe(q));
        }
        nameStart = q;
        q = scanName(q + 1);
        nameEnd = q;
        int eol = indexOfNewline(q);
        // promlex: the text token starts right after the name and its first byte is dropped;
        // blanks up to the line end are a whitespace token, leaving the text empty.
        int ts = eol;
        if (q < eol && b[q] == 0) {
            throw error(q, "unexpected NUL byte after metric name in " + kw);
        }
        for (int i = q; i < eol; i++) {
            if (b[i] != ' ' && b[i] != '\t') {
                ts = eol - q > 1 ? q + 1 : eol;
                break;
            }
        }
        textStart = ts;
        textEnd = eol;
        checkLineLength(eol);
        pos = Math.min(eol + 1, end);
        if (help) {
            checkUtf8(ts, eol, "HELP text");
            return entry = Entry.HELP;
        }
        this.type = typeOf(ts, eol);
        return entry = Entry.TYPE;
    }

    private Entry commentLine(int hash, int eol) throws ParseException {
        textStart = hash;
        textEnd = eol;
        checkLineLength(eol);
        pos = Math.min(eol + 1, end);
        return entry = Entry.COMMENT;
    }

    private boolean startsWith(int q, char c0, char c1, char c2, char c3) {
        return q + 4 <= end && b[q] == c0 && b[q + 1] == c1 && b[q + 2] == c2 && b[q + 3] == c3;
    }

    private FamilyType typeOf(int s, int e) throws ParseException {
        FamilyType t = switch (e - s) {
            case 5 -> is(s, e, "gauge") ? FamilyType.GAUGE : null;
            case 7 -> is(s, e, "counter") ? FamilyType.COUNTER : is(s, e, "summary") ? FamilyType.SUMMARY
                    : is(s, e, "untyped") ? FamilyType.UNKNOWN : null;
            case 9 -> is(s, e, "histogram") ? FamilyType.HISTOGRAM : null;
            default -> null;
        };
        if (t == null) {
            throw error(s, "invalid metric type " + quote(s, e)
                    + " (text format 0.0.4 allows counter, gauge, histogram, summary, untyped)");
        }
        return t;
    }

    private boolean is(int s, int e, String word) {
        for (int i = 0; i < word.length(); i++) {
            if (b[s + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    boolean blankAfter(int after) {
        return after < end && (b[after] == ' ' || b[after] == '\t');
    }

    @Override
    boolean matchRest(int p, int len) throws ParseException {
        int q = skipBlanks(p + len + 1);
        if (q < end && b[q] == '{') {
            // "name {labels}": a key without labels is only the start of this series.
            return false;
        }
        matchedSeries(p, len);
        sample(q);
        return true;
    }

    private Entry series(int p) throws ParseException {
        clearSeries();
        seriesStart = p;
        nameStart = p;
        int q = scanName(p + 1);
        nameEnd = q;
        seriesEnd = q;
        q = skipBlanks(q);
        if (q < end && b[q] == '{') {
            q = labels(q + 1);
            seriesEnd = q;
            q = skipBlanks(q);
        }
        sample(q);
        return entry = Entry.SERIES;
    }

    /** The rest of a sample line from {@code q}, after the series and its blanks: value, timestamp, line end. */
    private void sample(int q) throws ParseException {
        // Value token: anything up to a blank, tab, line break, '{' or NUL (promlex sValue).
        int vs = q;
        while (q < end) {
            byte c = b[q];
            if (c == ' ' || c == '\t' || c == '\n' || c == '{' || c == 0) {
                break;
            }
            q++;
        }
        if (q == vs) {
            throw error(q, "expected value after metric, got " + describe(q));
        }
        value = parseFloat(vs, q, "value");
        q = skipBlanks(q);
        int c = at(q);
        if (c >= '0' && c <= '9') {
            q = timestamp(q);
            q = skipBlanks(q);
            if (at(q) != '\n') {
                throw error(q, "expected end of line after timestamp, got " + describe(q));
            }
        } else if (c != '\n') {
            throw error(q, "expected timestamp or end of line after value, got " + describe(q));
        }
        checkLineLength(q);
        pos = Math.min(q + 1, end);
        entry = Entry.SERIES;
    }

    private int timestamp(int q) throws ParseException {
        int s = q;
        long ts = 0;
        while (q < end && b[q] >= '0' && b[q] <= '9') {
            int d = b[q] - '0';
            if (ts > (Long.MAX_VALUE - d) / 10) {
                throw error(s, "timestamp " + quote(s, scanDigits(q)) + " is out of range");
            }
            ts = ts * 10 + d;
            q++;
        }
        timestamp = ts;
        hasTimestamp = true;
        return q;
    }

    private int scanDigits(int q) {
        while (q < end && b[q] >= '0' && b[q] <= '9') {
            q++;
        }
        return q;
    }

    /** Parses labels after '{' up to and including '}'; returns the offset after '}'. */
    private int labels(int q) throws ParseException {
        for (;;) {
            q = skipBlanks(q);
            int c = at(q);
            if (c == '}') {
                return q + 1;
            }
            if (!isLabelStart(c)) {
                throw error(q, "expected label name or '}', got " + describe(q));
            }
            int ns = q;
            q = scanLabelName(q + 1);
            int ne = q;
            q = skipBlanks(q);
            if (at(q) != '=') {
                throw error(q, "expected '=' after label name " + quote(ns, ne) + ", got " + describe(q));
            }
            q = skipBlanks(q + 1);
            if (at(q) != '"') {
                throw error(q, "expected quoted label value for " + quote(ns, ne) + ", got " + describe(q));
            }
            int vs = q + 1;
            q = vs;
            boolean escaped = false;
            boolean nonAscii = false;
            // Hot loop: most bytes are plain ASCII value bytes.
            for (;;) {
                if (q >= end) {
                    throw error(vs - 1, "unterminated label value for " + quote(ns, ne));
                }
                byte x = b[q];
                if (x == '"') {
                    break;
                }
                if (x == '\\') {
                    if (q + 1 >= end || b[q + 1] == '\n') {
                        throw error(q, "invalid escape sequence at end of line in label value for " + quote(ns, ne));
                    }
                    escaped = true;
                    q += 2;
                    continue;
                }
                if (x < 0) {
                    nonAscii = true;
                }
                q++;
            }
            int ve = q;
            if (nonAscii) {
                checkUtf8(vs, ve, "label value for " + quote(ns, ne));
            }
            addLabel(ns, ne, vs, ve, escaped);
            q = skipBlanks(q + 1);
            if (at(q) == ',') {
                q++;
            }
        }
    }
}
