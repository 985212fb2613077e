package io.meshlens.textparse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A pull parser over one scraped body, shaped like Prometheus's {@code model/textparse.Parser}.
 * {@link #next()} moves to the next entry and says what it is; the accessors describe that entry
 * until the following {@code next()}. Nothing is allocated per line: the series is exposed as the
 * byte range {@link #seriesStart()}..{@link #seriesEnd()} ({@code name{labels}} exactly as
 * written, the scrape-cache key), the value as a double, labels through a reusable
 * {@link LabelCursor}. Strings are built only by the methods that return them.
 *
 * <p>A scrape loop with a cache keyed by raw series bytes does, per line:
 * <pre>{@code
 * while (p.next() != Entry.EOF) {
 *     if (p.entry() != Entry.SERIES) { ...metadata...; continue; }
 *     long h = p.seriesHash();
 *     Handle e = cache.get(h, p);                // compares with p.seriesEquals(key, 0, key.length)
 *     if (e == null) e = cache.add(h, p.seriesBytes(), decode(p.labels()));
 *     e.append(p.value(), p.hasTimestamp() ? p.timestamp() : scrapeTime);
 * }
 * }</pre>
 * Every line is fully validated by {@code next()} (syntax, escapes, UTF-8, duplicate label
 * names), so a cache hit needs no label work at all.
 *
 * <p>A loop that knows which series the next line probably has (a target prints the same series
 * in the same order every scrape) calls {@link #nextIfSeries} with that series' bytes first: on a
 * match only the value part of the line is read.
 *
 * <p>Not thread-safe; one parser per body. The body array must not change while it is parsed.
 */
public abstract sealed class Parser permits TextParser, OpenMetricsParser {
    /** Prometheus's normal NaN ({@code value.NormalNaN}); every parsed NaN has these bits. */
    public static final double NORMAL_NAN = Double.longBitsToDouble(0x7ff8000000000001L);
    /** Prometheus's staleness marker ({@code value.StaleNaN}); never produced by parsing, offered for callers. */
    public static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    private static final byte[] NO_BODY = {};

    // Not final: reset() points a long-lived parser at the next scrape's body.
    byte[] b;
    int begin;
    int end;
    /** Longest accepted line in bytes, 0 for no limit. */
    final int maxLineBytes;
    final Floats floats = Floats.create();
    private final SeriesHash.Fingerprint fingerprint = new SeriesHash.Fingerprint();

    int pos;
    int lineStart;
    boolean done;
    Entry entry;
    /** The body goes on after this window ({@link #resume}): reaching {@link #end} is not its end. */
    boolean more;
    /** Line breaks in the body before this window, and the body offset of {@code b[begin]}: for error positions. */
    private int linesBefore;
    private long bodyOffset;
    private boolean windowCounted;

    // Current series, or the metric name of a HELP/TYPE/UNIT line.
    int seriesStart;
    int seriesEnd;
    int nameStart;
    /** -1 after {@link #nextIfSeries}: found by {@link #nameEnd()} when asked. */
    int nameEnd;
    /** False after {@link #nextIfSeries}, which leaves the labels unread. */
    boolean labelsRead;
    int[] labelOffs = new int[16 * LabelCursor.STRIDE];
    int labelCount;
    /** One bit per (name length, first byte, last byte) class; a set bit sends a name to the exact duplicate check. */
    long labelBloom;
    double value;
    boolean hasTimestamp;
    long timestamp;

    boolean hasExemplar;
    int[] exemplarOffs = new int[4 * LabelCursor.STRIDE];
    int exemplarCount;
    double exemplarValue;
    boolean exemplarHasTimestamp;
    long exemplarTimestamp;

    // HELP/TYPE/UNIT text, or the whole comment line.
    int textStart;
    int textEnd;
    FamilyType type;

    private final LabelCursor labels = new LabelCursor();
    private final LabelCursor exemplarLabels = new LabelCursor();

    Parser(byte[] b, int offset, int length, int maxLineBytes) {
        if (maxLineBytes < 0) {
            throw new IllegalArgumentException("maxLineBytes must be >= 0: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        reset(b, offset, length);
    }

    /**
     * Points this parser at a new body, keeping its buffers: a scrape loop that holds one parser
     * per target parses every scrape without allocating (the format and line limit stay; use
     * {@link #formatOf} to see whether the response's Content-Type still matches).
     */
    public final Parser reset(byte[] body, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > body.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " outside array of " + body.length);
        }
        moveTo(body, offset, offset + length);
        this.done = false;
        this.more = false;
        this.linesBefore = 0;
        this.bodyOffset = offset;
        this.windowCounted = false;
        return this;
    }

    /** Points the parser at {@code body[from, to)}, at the start of a line. */
    private void moveTo(byte[] body, int from, int to) {
        this.b = body;
        this.begin = from;
        this.end = to;
        this.pos = from;
        this.lineStart = from;
        this.entry = null;
        clearSeries();
    }

    /**
     * Says whether the body goes on after the current window: for a body parsed while it arrives,
     * in windows of whole lines ({@link #resume}). Then {@link #next()} returns {@link Entry#EOF} at
     * the window's end without ending the body: checks that need its true end (OpenMetrics's
     * {@code # EOF}) wait for the last window.
     */
    public final Parser more(boolean more) {
        this.more = more;
        return this;
    }

    /**
     * Moves on to the next window of the same body, {@code body[from, to)}, which continues right
     * after the current one (that ended after a line break, and was parsed to its end). Error
     * positions count from the body's start. A body that already ended ({@code # EOF}, or a NUL in
     * the text format) stays ended: the text format ignores what follows, OpenMetrics fails on it.
     */
    public final Parser resume(byte[] body, int from, int to, boolean more) {
        countWindow();
        windowCounted = false;
        moveTo(body, from, to);
        this.more = more;
        return this;
    }

    /** {@link Entry#EOF} at the end of the input: the body's end, or only this window's ({@link #more}). */
    final Entry endOfInput() {
        if (!more) {
            return finish();
        }
        countWindow();
        pos = end;
        return entry = Entry.EOF;
    }

    /**
     * Adds the window's line breaks and size to the positions of later windows; done while its
     * bytes are still there (the owner of the buffer moves the next window in before resuming).
     */
    private void countWindow() {
        if (windowCounted) {
            return;
        }
        for (int i = begin; i < end; i++) {
            if (b[i] == '\n') {
                linesBefore++;
            }
        }
        bodyOffset += end - begin;
        windowCounted = true;
    }

    /**
     * Lets go of the body, here and in the label cursors: a parser kept between scrapes must not
     * pin a buffer that its owner has since dropped or lent to another scrape.
     */
    public final void release() {
        reset(NO_BODY, 0, 0);
        labels.reset(NO_BODY, labelOffs, 0);
        exemplarLabels.reset(NO_BODY, exemplarOffs, 0);
    }

    /**
     * Picks the parser for a response's {@code Content-Type} as Prometheus 2.42 does: OpenMetrics
     * for {@code application/openmetrics-text} (parameters ignored), the text 0.0.4 parser for
     * anything else, including an empty, missing or unparsable type.
     */
    public static Parser forContentType(String contentType, byte[] body, int offset, int length) {
        return forContentType(contentType, body, offset, length, 0);
    }

    /** As {@link #forContentType(String, byte[], int, int)}, failing lines longer than {@code maxLineBytes} (0: no limit). */
    public static Parser forContentType(String contentType, byte[] body, int offset, int length, int maxLineBytes) {
        return create(formatOf(contentType), body, offset, length, maxLineBytes);
    }

    /** The format Prometheus 2.42 would parse a body with this {@code Content-Type} as. */
    public static Format formatOf(String contentType) {
        if (contentType == null) {
            return Format.PROMETHEUS_TEXT;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return media.equals("application/openmetrics-text") ? Format.OPENMETRICS : Format.PROMETHEUS_TEXT;
    }

    public static Parser create(Format format, byte[] body, int offset, int length, int maxLineBytes) {
        return switch (format) {
            case PROMETHEUS_TEXT -> new TextParser(body, offset, length, maxLineBytes);
            case OPENMETRICS -> new OpenMetricsParser(body, offset, length, maxLineBytes);
        };
    }

    /** A text 0.0.4 parser over the whole array. */
    public static Parser text(byte[] body) {
        return new TextParser(body, 0, body.length, 0);
    }

    /** An OpenMetrics parser over the whole array. */
    public static Parser openMetrics(byte[] body) {
        return new OpenMetricsParser(body, 0, body.length, 0);
    }

    public abstract Format format();

    /**
     * Moves to the next entry. After {@link Entry#EOF} every call returns EOF again.
     *
     * @throws ParseException if the body is malformed at this entry; the parser is then unusable
     */
    public abstract Entry next() throws ParseException;

    /**
     * Moves past the next line if it is a sample of exactly the series whose bytes
     * ({@code name{labels}} as this parser once returned them from {@link #seriesStart()} to
     * {@link #seriesEnd()}, in a body of the same format) had the {@link #seriesFingerprint()}
     * {@code (low, high)} and {@code len} bytes: the line's first {@code len} bytes have that
     * fingerprint (equal fingerprints are taken for equal bytes) and a blank follows them. Then
     * only the rest of the line is parsed — value, timestamp, exemplar, end of line — with the
     * same checks and errors as {@link #next()}; equal bytes ending at a token boundary are the
     * same, already validated series. Afterwards the entry is
     * {@link Entry#SERIES} and every accessor works except {@link #labels()}.
     *
     * <p>Returns false, having moved nothing, when the line is anything else (another series,
     * a comment, a blank line, the end); then call {@link #next()}.
     *
     * @throws ParseException if the line has the series but a malformed rest (the error
     *         {@code next()} would give); the parser is then unusable
     */
    public final boolean nextIfSeries(int len, long low, long high) throws ParseException {
        int p = pos;
        return !done && blankAfter(p + len) && fingerprint.of(b, p, len).is(low, high) && matchRest(p, len);
    }

    /** Whether a series ending before {@code after} could be followed by what the format puts after a series. */
    abstract boolean blankAfter(int after);

    /**
     * The rest of a line whose first {@code len} bytes, from {@code p}, are a known series:
     * false (nothing moved) if they are only the start of another one, else the sample is parsed.
     */
    abstract boolean matchRest(int p, int len) throws ParseException;

    /**
     * Moves past the next line if it is exactly {@code key[off, off+len)} followed by a line
     * break, and returns true; otherwise returns false, having moved nothing. For a caller that
     * met a byte-identical line before in a body of this format and kept what it meant (e.g. a
     * HELP or TYPE line, {@link #lineStart()} to {@link #textEnd()}): the line is not parsed
     * again — it was valid then, so it is valid now — and the accessors still describe the entry
     * before it.
     */
    public final boolean skipLine(byte[] key, int off, int len) {
        int p = pos;
        int eol = p + len;
        if (done || len == 0 || eol >= end || b[eol] != '\n' || (maxLineBytes > 0 && len > maxLineBytes)
                || !startsWithKey(p, key, off, len)) {
            return false;
        }
        lineStart = p;
        pos = eol + 1;
        return true;
    }

    /** Whether {@code b[p, p+len)} equals the key: first byte before the vectorized compare, as most misses are '#' lines. */
    final boolean startsWithKey(int p, byte[] key, int off, int len) {
        return b[p] == key[off] && Arrays.equals(b, p, p + len, key, off, off + len);
    }

    /** Sets the series range after a {@link #nextIfSeries} match; the labels stay unread. */
    final void matchedSeries(int p, int len) {
        clearSeries();
        labelsRead = false;
        lineStart = p;
        seriesStart = p;
        seriesEnd = p + len;
        nameStart = p;
        nameEnd = -1;
    }

    /** The entry {@link #next()} last returned (null before the first call). */
    public final Entry entry() {
        return entry;
    }

    /** The array being parsed; all offsets refer to it. */
    public final byte[] buffer() {
        return b;
    }

    // ---- series ----

    /** Start of the current entry's line (after any blank lines before it). */
    public final int lineStart() {
        return lineStart;
    }

    /** Start of {@code name{labels}} as written (SERIES). */
    public final int seriesStart() {
        return seriesStart;
    }

    /** End (exclusive) of {@code name{labels}}: after the closing brace, or after the name if there are no braces. */
    public final int seriesEnd() {
        return seriesEnd;
    }

    /** {@link SeriesHash} of the series bytes. */
    public final long seriesHash() {
        return SeriesHash.hash(b, seriesStart, seriesEnd - seriesStart);
    }

    /** The {@link SeriesHash.Fingerprint} of the series bytes, the scrape-cache key (a reused object: read it before the next call). */
    public final SeriesHash.Fingerprint seriesFingerprint() {
        return fingerprint.of(b, seriesStart, seriesEnd - seriesStart);
    }

    /** Whether the series bytes equal {@code key[off, off+len)} (vectorized compare, no allocation). */
    public final boolean seriesEquals(byte[] key, int off, int len) {
        return Arrays.equals(b, seriesStart, seriesEnd, key, off, off + len);
    }

    /** A copy of the series bytes, for storing as a cache key on a miss. */
    public final byte[] seriesBytes() {
        return Arrays.copyOfRange(b, seriesStart, seriesEnd);
    }

    /** Start of the metric name (SERIES, HELP, TYPE, UNIT). */
    public final int nameStart() {
        return nameStart;
    }

    /** End (exclusive) of the metric name. */
    public final int nameEnd() {
        if (nameEnd < 0) {
            nameEnd = scanName(nameStart + 1);
        }
        return nameEnd;
    }

    /** The metric name as a String (allocates). */
    public final String metricName() {
        return new String(b, nameStart, nameEnd() - nameStart, StandardCharsets.ISO_8859_1);
    }

    /**
     * The labels of the current series, in exposition order (a reused cursor, rewound).
     *
     * @throws IllegalStateException after {@link #nextIfSeries}, which does not read them
     */
    public final LabelCursor labels() {
        if (!labelsRead) {
            throw new IllegalStateException("labels not read: the line was matched by nextIfSeries");
        }
        return labels.reset(b, labelOffs, labelCount);
    }

    /** The sample value; NaN always has the bits of {@link #NORMAL_NAN}. */
    public final double value() {
        return value;
    }

    public final boolean hasTimestamp() {
        return hasTimestamp;
    }

    /** Timestamp in milliseconds since the epoch (text: as written; OpenMetrics: seconds × 1000, truncated). */
    public final long timestamp() {
        return timestamp;
    }

    // ---- exemplar (OpenMetrics) ----

    public final boolean hasExemplar() {
        return hasExemplar;
    }

    public final LabelCursor exemplarLabels() {
        return exemplarLabels.reset(b, exemplarOffs, hasExemplar ? exemplarCount : 0);
    }

    public final double exemplarValue() {
        return exemplarValue;
    }

    public final boolean exemplarHasTimestamp() {
        return exemplarHasTimestamp;
    }

    /** Exemplar timestamp in milliseconds (seconds × 1000, truncated). */
    public final long exemplarTimestamp() {
        return exemplarTimestamp;
    }

    // ---- metadata and comments ----

    /** The family type (TYPE). */
    public final FamilyType type() {
        return type;
    }

    /** The unescaped help text (HELP): text 0.0.4 unescapes {@code \\} and {@code \n}, OpenMetrics also {@code \"}. */
    public final String help() {
        return Escapes.containsBackslash(b, textStart, textEnd)
                ? Escapes.unescape(b, textStart, textEnd, format() == Format.OPENMETRICS)
                : new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
    }

    /** The unit (UNIT). */
    public final String unit() {
        return new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
    }

    /** Start of the raw text: HELP/UNIT text, TYPE word, or the whole comment line from {@code #} (COMMENT). */
    public final int textStart() {
        return textStart;
    }

    public final int textEnd() {
        return textEnd;
    }

    /** The comment line from the {@code #}, without the line break (COMMENT). Not UTF-8-checked, as in Prometheus. */
    public final String comment() {
        return new String(b, textStart, textEnd - textStart, StandardCharsets.UTF_8);
    }

    // ---- shared helpers for the two grammars ----

    final Entry finish() {
        if (more) {
            countWindow();
        }
        done = true;
        pos = end;
        return entry = Entry.EOF;
    }

    /** [a-zA-Z_:] */
    static boolean isNameStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    }

    /** [a-zA-Z0-9_:] */
    static boolean isNameChar(int c) {
        return isNameStart(c) || (c >= '0' && c <= '9');
    }

    /** [a-zA-Z_] */
    static boolean isLabelStart(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    /** [a-zA-Z0-9_] */
    static boolean isLabelChar(int c) {
        return isLabelStart(c) || (c >= '0' && c <= '9');
    }

    final int scanName(int q) {
        while (q < end && isNameChar(b[q])) {
            q++;
        }
        return q;
    }

    final int scanLabelName(int q) {
        while (q < end && isLabelChar(b[q])) {
            q++;
        }
        return q;
    }

    final int indexOfNewline(int q) {
        while (q < end && b[q] != '\n') {
            q++;
        }
        return q;
    }

    final void clearSeries() {
        labelsRead = true;
        labelCount = 0;
        labelBloom = 0;
        hasTimestamp = false;
        hasExemplar = false;
        exemplarCount = 0;
        exemplarHasTimestamp = false;
    }

    /** Records a series label, rejecting a repeated name (Prometheus's TSDB refuses such a series and fails the scrape). */
    final void addLabel(int ns, int ne, int vs, int ve, boolean escaped) throws ParseException {
        int len = ne - ns;
        long bit = 1L << ((len * 31 + b[ns] * 7 + b[ne - 1]) & 63);
        if ((labelBloom & bit) != 0 || (len == 8 && isMetricNameLabel(ns))) {
            checkDuplicate(ns, ne);
        }
        labelBloom |= bit;
        int i = labelCount * LabelCursor.STRIDE;
        if (i + LabelCursor.STRIDE > labelOffs.length) {
            labelOffs = Arrays.copyOf(labelOffs, labelOffs.length * 2);
        }
        int[] o = labelOffs;
        o[i] = ns;
        o[i + 1] = ne;
        o[i + 2] = vs;
        o[i + 3] = ve;
        o[i + 4] = escaped ? 1 : 0;
        labelCount++;
    }

    private boolean isMetricNameLabel(int ns) {
        return Arrays.equals(b, ns, ns + 8, METRIC_NAME_LABEL, 0, 8);
    }

    private static final byte[] METRIC_NAME_LABEL = "__name__".getBytes(StandardCharsets.US_ASCII);

    private void checkDuplicate(int ns, int ne) throws ParseException {
        if (ne - ns == 8 && isMetricNameLabel(ns)) {
            throw error(ns, "label name \"__name__\" is not unique: the metric name is already " + quote(nameStart, nameEnd));
        }
        for (int k = 0; k < labelCount; k++) {
            int s = labelOffs[k * LabelCursor.STRIDE];
            int e = labelOffs[k * LabelCursor.STRIDE + 1];
            if (Arrays.equals(b, s, e, b, ns, ne)) {
                throw error(ns, "duplicate label name " + quote(ns, ne));
            }
        }
    }

    final void addExemplarLabel(int ns, int ne, int vs, int ve, boolean escaped) {
        int i = exemplarCount * LabelCursor.STRIDE;
        if (i + LabelCursor.STRIDE > exemplarOffs.length) {
            exemplarOffs = Arrays.copyOf(exemplarOffs, exemplarOffs.length * 2);
        }
        exemplarOffs[i] = ns;
        exemplarOffs[i + 1] = ne;
        exemplarOffs[i + 2] = vs;
        exemplarOffs[i + 3] = ve;
        exemplarOffs[i + 4] = escaped ? 1 : 0;
        exemplarCount++;
    }

    /** Parses a float token; {@code what} names it in the error ("value", "timestamp"). */
    final double parseFloat(int s, int e, String what) throws ParseException {
        double d = floats.parse(b, s, e);
        if (floats.error != null) {
            throw error(s, floats.error == Floats.RANGE
                    ? what + " " + quote(s, e) + " is out of range"
                    : "invalid " + what + " " + quote(s, e));
        }
        return d != d ? NORMAL_NAN : d;
    }

    final void checkUtf8(int s, int e, String what) throws ParseException {
        int bad = Utf8.firstInvalid(b, s, e);
        if (bad >= 0) {
            throw error(bad, "invalid UTF-8 in " + what);
        }
    }

    /** Fails a line that is longer than the limit (called once a line has been parsed). */
    final void checkLineLength(int eol) throws ParseException {
        if (maxLineBytes > 0 && eol - lineStart > maxLineBytes) {
            throw lineTooLong();
        }
    }

    private ParseException lineTooLong() {
        return at(lineStart + maxLineBytes, "line is longer than the limit of " + maxLineBytes + " bytes");
    }

    /**
     * An error at {@code offset}. A line over the length limit is reported as such even when its
     * content failed first, so a 100 MB line of garbage says what is wrong with it.
     */
    final ParseException error(int offset, String detail) {
        if (maxLineBytes > 0 && indexOfNewline(lineStart) - lineStart > maxLineBytes) {
            return lineTooLong();
        }
        return at(offset, detail);
    }

    private ParseException at(int offset, String detail) {
        int line = 1 + linesBefore;
        int lastNl = begin - 1;
        int stop = Math.min(offset, end);
        for (int i = begin; i < stop; i++) {
            if (b[i] == '\n') {
                line++;
                lastNl = i;
            }
        }
        return new ParseException(detail, line, offset - lastNl, (int) Math.min(Integer.MAX_VALUE, offset - begin + bodyOffset));
    }

    /** What is at {@code q}, for "expected X, got Y" messages. */
    final String describe(int q) {
        if (q >= end) {
            return "end of input";
        }
        if (b[q] == '\n') {
            return "end of line";
        }
        int e = q;
        while (e < end && e - q < 24 && b[e] != '\n' && b[e] != ' ' && b[e] != '\t') {
            e++;
        }
        if (e == q) {
            e = q + 1;
        }
        return quote(q, e);
    }

    /** A double-quoted, printable rendering of {@code b[s, e)} (non-ASCII and control bytes as \xNN). */
    final String quote(int s, int e) {
        StringBuilder sb = new StringBuilder(e - s + 2).append('"');
        for (int i = s; i < e && i < end; i++) {
            int c = b[i] & 0xff;
            if (c == '"' || c == '\\') {
                sb.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append((char) c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else {
                sb.append(String.format("\\x%02x", c));
            }
        }
        return sb.append('"').toString();
    }
}
