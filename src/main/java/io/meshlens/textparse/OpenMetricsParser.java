package io.meshlens.textparse;

/**
 * OpenMetrics 1.0 text as Prometheus 2.42's {@code openmetricslex.l} reads it: single spaces
 * only, no blank lines or free comments, strict commas, no line breaks in label values, float
 * timestamps in seconds, exemplars on {@code _total}/{@code _bucket} series, and a mandatory
 * {@code # EOF} with nothing after it but one optional line break. {@code _created} lines are
 * ordinary series here (as in 2.42); assembling them is the caller's business.
 */
final class OpenMetricsParser extends Parser {

    OpenMetricsParser(byte[] b, int offset, int length, int maxLineBytes) {
        super(b, offset, length, maxLineBytes);
    }

    @Override
    public Format format() {
        return Format.OPENMETRICS;
    }

    /** The byte at {@code q}, or -1 at the end of the body. */
    private int at(int q) {
        return q < end ? b[q] & 0xff : -1;
    }

    @Override
    public Entry next() throws ParseException {
        if (done) {
            if (pos < end) {
                // A window after the one that held # EOF (a body parsed as it arrives).
                throw error(pos, "unexpected data after # EOF");
            }
            return Entry.EOF;
        }
        int p = pos;
        lineStart = p;
        if (p >= end) {
            if (more) {
                return endOfInput();
            }
            throw error(p, "data does not end with # EOF");
        }
        int c = b[p] & 0xff;
        if (c == '#') {
            return comment(p);
        }
        if (isNameStart(c)) {
            return series(p);
        }
        throw error(p, (c == '\n' ? "blank line" : "unexpected " + describe(p) + " at start of line")
                + " (OpenMetrics expects a metric name or '# ')");
    }

    private Entry comment(int p) throws ParseException {
        if (at(p + 1) != ' ') {
            throw error(p + 1, "expected a single space after '#', got " + describe(p + 1));
        }
        int q = p + 2;
        if (word(q, "EOF")) {
            q += 3;
            if (q < end && b[q] == '\n') {
                q++;
            }
            if (q != end) {
                throw error(q, "unexpected data after # EOF");
            }
            return finish();
        }
        Entry kind = word(q, "HELP ") ? Entry.HELP : word(q, "TYPE ") ? Entry.TYPE : word(q, "UNIT ") ? Entry.UNIT : null;
        if (kind == null) {
            throw error(q, "invalid comment " + describe(q) + ": OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF");
        }
        q += 5;
        if (!isNameStart(at(q))) {
            throw error(q, "expected metric name after " + kind + ", got " + describe(q));
        }
        nameStart = q;
        q = scanName(q + 1);
        nameEnd = q;
        if (at(q) != ' ') {
            throw error(q, "expected a space and text after the metric name in " + kind + ", got " + describe(q));
        }
        int eol = indexOfNewline(q);
        if (eol >= end) {
            throw error(eol, "expected end of line after " + kind + " text, got end of input");
        }
        textStart = q + 1;
        textEnd = eol;
        checkLineLength(eol);
        pos = eol + 1;
        switch (kind) {
            case HELP -> checkUtf8(textStart, eol, "HELP text");
            case TYPE -> type = typeOf(textStart, eol);
            default -> checkUnit();
        }
        return entry = kind;
    }

    private void checkUnit() throws ParseException {
        int u = textEnd - textStart;
        if (u == 0) {
            return;
        }
        int n = nameEnd - nameStart;
        // The unit must be the name's suffix, after an underscore.
        if (n < u + 1 || b[nameEnd - u - 1] != '_'
                || !java.util.Arrays.equals(b, nameEnd - u, nameEnd, b, textStart, textEnd)) {
            throw error(textStart, "unit " + quote(textStart, textEnd) + " is not a suffix of metric " + quote(nameStart, nameEnd));
        }
    }

    private boolean word(int q, String w) {
        if (q + w.length() > end) {
            return false;
        }
        for (int i = 0; i < w.length(); i++) {
            if (b[q + i] != w.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static final String[] TYPE_NAMES = {"counter", "gauge", "histogram", "gaugehistogram", "summary", "info", "stateset", "unknown"};
    private static final FamilyType[] TYPES = {FamilyType.COUNTER, FamilyType.GAUGE, FamilyType.HISTOGRAM, FamilyType.GAUGE_HISTOGRAM,
        FamilyType.SUMMARY, FamilyType.INFO, FamilyType.STATESET, FamilyType.UNKNOWN};

    private FamilyType typeOf(int s, int e) throws ParseException {
        String[] names = TYPE_NAMES;
        FamilyType[] types = TYPES;
        for (int i = 0; i < names.length; i++) {
            if (names[i].length() == e - s && word(s, names[i])) {
                return types[i];
            }
        }
        throw error(s, "invalid metric type " + quote(s, e)
                + " (OpenMetrics allows counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown)");
    }

    @Override
    boolean blankAfter(int after) {
        return after < end && b[after] == ' ';
    }

    @Override
    boolean matchRest(int p, int len) throws ParseException {
        matchedSeries(p, len);
        sample(p + len);
        return true;
    }

    private Entry series(int p) throws ParseException {
        clearSeries();
        seriesStart = p;
        nameStart = p;
        int q = scanName(p + 1);
        nameEnd = q;
        seriesEnd = q;
        if (at(q) == '{') {
            q = labels(q + 1, false);
            seriesEnd = q;
        }
        sample(q);
        return entry = Entry.SERIES;
    }

    /** The rest of a sample line from {@code q}, right after the series: value, timestamp, exemplar, line end. */
    private void sample(int q) throws ParseException {
        int ve = token(q, "value after metric");
        value = parseFloat(q + 1, ve, "value");
        q = ve;
        if (at(q) == ' ') {
            if (exemplarStart(q)) {
                q = exemplar(q + 4);
            } else {
                int te = token(q, "timestamp");
                timestamp = seconds(q + 1, te, "timestamp");
                hasTimestamp = true;
                q = te;
                if (at(q) == ' ' && exemplarStart(q)) {
                    q = exemplar(q + 4);
                }
            }
        }
        endOfLine(q, hasExemplar ? "exemplar" : hasTimestamp ? "timestamp" : "value");
        checkLineLength(q);
        pos = q + 1;
        entry = Entry.SERIES;
    }

    private void endOfLine(int q, String after) throws ParseException {
        int c = at(q);
        if (c == -1) {
            throw error(q, "data does not end with # EOF");
        }
        if (c != '\n') {
            throw error(q, "expected end of line after " + after + ", got " + describe(q));
        }
    }

    /** A token {@code ' ' [^ \n]+} starting at {@code q}; returns its end. */
    private int token(int q, String what) throws ParseException {
        if (at(q) != ' ' || q + 1 >= end || b[q + 1] == ' ' || b[q + 1] == '\n') {
            throw error(q, "expected a single space and " + what + ", got " + describe(q));
        }
        q += 2;
        while (q < end && b[q] != ' ' && b[q] != '\n') {
            q++;
        }
        return q;
    }

    /** {@code " # {"}: the longest-match rule of the lexer prefers an exemplar over a timestamp token "#". */
    private boolean exemplarStart(int q) {
        return q + 4 <= end && b[q + 1] == '#' && b[q + 2] == ' ' && b[q + 3] == '{';
    }

    private long seconds(int s, int e, String what) throws ParseException {
        double f = parseFloat(s, e, what);
        if (Double.isNaN(f) || Double.isInfinite(f)) {
            throw error(s, "invalid " + what + " " + quote(s, e));
        }
        return (long) (f * 1000);
    }

    private int exemplar(int q) throws ParseException {
        if (!(endsWith("_total") || endsWith("_bucket"))) {
            throw error(q - 3, "metric name " + quote(nameStart, nameEnd())
                    + " does not support exemplars (only _total and _bucket series do)");
        }
        hasExemplar = true;
        q = labels(q, true);
        int ve = token(q, "exemplar value");
        exemplarValue = parseFloat(q + 1, ve, "exemplar value");
        q = ve;
        if (at(q) == ' ') {
            int te = token(q, "exemplar timestamp");
            exemplarTimestamp = seconds(q + 1, te, "exemplar timestamp");
            exemplarHasTimestamp = true;
            q = te;
        }
        return q;
    }

    private boolean endsWith(String suffix) {
        int n = suffix.length();
        int ne = nameEnd();
        return ne - nameStart >= n && word(ne - n, suffix);
    }

    /** Labels after '{' up to and including '}', strictly comma-separated; returns the offset after '}'. */
    private int labels(int q, boolean exemplar) throws ParseException {
        if (at(q) == '}') {
            return q + 1;
        }
        for (;;) {
            if (!isLabelStart(at(q))) {
                throw error(q, "expected label name, got " + describe(q));
            }
            int ns = q;
            q = scanLabelName(q + 1);
            int ne = q;
            if (at(q) != '=') {
                throw error(q, "expected '=' after label name " + quote(ns, ne) + ", got " + describe(q));
            }
            q++;
            if (at(q) != '"') {
                throw error(q, "expected quoted label value for " + quote(ns, ne) + ", got " + describe(q));
            }
            int vs = q + 1;
            q = vs;
            boolean escaped = false;
            boolean nonAscii = false;
            for (;;) {
                if (q >= end || b[q] == '\n') {
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
            if (exemplar) {
                addExemplarLabel(ns, ne, vs, ve, escaped);
            } else {
                addLabel(ns, ne, vs, ve, escaped);
            }
            q++;
            int c = at(q);
            if (c == '}') {
                return q + 1;
            }
            if (c != ',') {
                throw error(q, "expected ',' or '}' after label value, got " + describe(q));
            }
            q++;
        }
    }
}
