package io.meshlens.scrape;

import io.meshlens.textparse.Entry;
import io.meshlens.textparse.FamilyType;
import io.meshlens.textparse.Format;
import io.meshlens.textparse.Parser;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One target's TYPE/HELP/UNIT lines: the order its last scrape printed them in (to predict the
 * next scrape's lines, as {@link SeriesCache} predicts series), with each line's raw bytes and
 * meaning kept once per process, not per target. Every proxy of a mesh prints the same few hundred
 * metadata lines; kept per target they cost ~65 KB each (a thousand targets: 65 MB of copies).
 *
 * <p>A predicted line is checked against the shared line's bytes; any other line is looked up by
 * its bytes in the process-wide table without allocating, and decoded only the first time any
 * target prints it. Not thread-safe (one per scrape loop); the shared table is.
 */
final class MetaLines {
    /** A decoded metadata line and the raw bytes it was decoded from (the line up to its break). */
    record Line(Entry kind, String name, FamilyType type, String text, byte[] bytes) {
    }

    /** Decodes the parser's current metadata line, whose raw bytes are given; called once per distinct line per process. */
    interface Decoder {
        Line decode(Parser p, byte[] bytes);
    }

    /** More distinct lines than this (churning HELP texts) start the table afresh; orders keep their lines. */
    private static final int MAX_SHARED = 100_000;
    /** Lines by format: the escapes differ, so the same bytes may mean different text. */
    private static final ConcurrentHashMap<Key, Line> TEXT = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Key, Line> OPENMETRICS = new ConcurrentHashMap<>();
    /** How far past the prediction a line the previous scrape had is looked for (lines inserted). */
    private static final int RESYNC = 8;

    private Line[] prev = new Line[64];
    private int prevLen;
    private int cursor;
    private Line[] cur = new Line[64];
    private int curLen;
    private final Key probe = new Key();

    /** Starts a scrape: the lines of the previous one become the prediction. */
    void begin() {
        Line[] t = prev;
        prev = cur;
        prevLen = curLen;
        cur = t; // overwritten as the scrape goes; the lines are shared, nothing is held alive
        curLen = 0;
        cursor = 0;
    }

    /** Forgets the prediction (the format changed). */
    void clear() {
        Arrays.fill(prev, 0, prevLen, null);
        Arrays.fill(cur, 0, curLen, null);
        prevLen = 0;
        curLen = 0;
        cursor = 0;
    }

    /** The line the previous scrape had at this place, or null. */
    Line predicted() {
        return cursor < prevLen ? prev[cursor] : null;
    }

    /** The predicted line was there. */
    void recordPredicted() {
        add(prev[cursor++]);
    }

    /**
     * The line {@code buf[off, off+len)} (hash {@code hash}), {@code p}'s current line, that was not predicted: the shared
     * line for these bytes, decoded by {@code decoder} if no target printed them before. The
     * prediction resumes after the line if the previous scrape had it a little further on.
     */
    Line lookup(Parser p, byte[] buf, int off, int len, long hash, Decoder decoder) {
        ConcurrentHashMap<Key, Line> shared = p.format() == Format.OPENMETRICS ? OPENMETRICS : TEXT;
        Line l = shared.get(probe.of(buf, off, len, hash));
        probe.of(null, 0, 0, 0); // the body's buffer goes back to the pool: not held from here
        if (l == null) {
            byte[] bytes = Arrays.copyOfRange(buf, off, off + len);
            l = decoder.decode(p, bytes);
            if (shared.size() >= MAX_SHARED) {
                shared.clear();
            }
            Line raced = shared.putIfAbsent(new Key().of(bytes, 0, len, hash), l);
            if (raced != null) {
                l = raced;
            }
        }
        add(l);
        for (int k = cursor; k < prevLen && k < cursor + RESYNC; k++) {
            if (prev[k] == l) {
                cursor = k + 1;
                break;
            }
        }
        return l;
    }

    private void add(Line l) {
        if (curLen == cur.length) {
            cur = Arrays.copyOf(cur, curLen * 2);
        }
        cur[curLen++] = l;
    }

    /**
     * Bytes as a map key. A lookup reuses one probe viewing the body (no copy); stored keys own
     * their bytes. Equality is by content, either way round.
     */
    private static final class Key {
        private byte[] b;
        private int off;
        private int len;
        private int hash;

        Key of(byte[] b, int off, int len, long hash) {
            this.b = b;
            this.off = off;
            this.len = len;
            this.hash = (int) (hash ^ (hash >>> 32));
            return this;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.len == len
                    && Arrays.equals(b, off, off + len, k.b, k.off, k.off + k.len);
        }
    }
}
