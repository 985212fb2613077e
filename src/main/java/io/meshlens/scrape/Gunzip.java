package io.meshlens.scrape;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes a whole gzip body (RFC 1952) into a {@link ScrapeBody}, as Go's {@code gzip.Reader} reads
 * it for Prometheus: every member of a multi-member stream, header flags honoured, CRC-32 and size
 * checked. The compressed bytes are all in memory already, so each member is one {@code setInput}
 * and the inflater writes straight into the body's buffer.
 *
 * <p>Inflaters are pooled: each holds ~40 KB of native zlib state that only {@code end()} frees, and
 * a new one per scrape (what {@code GZIPInputStream} does) costs its set-up and a Cleaner.
 */
final class Gunzip {
    private static final ConcurrentLinkedDeque<Inflater> POOL = new ConcurrentLinkedDeque<>();
    private static final AtomicInteger POOLED = new AtomicInteger();
    /** Inflaters kept: about the scrapes that decode at once (one per carrier thread, and some). */
    private static final int POOL_MAX = 8;
    private static final int FHCRC = 2;
    private static final int FEXTRA = 4;
    private static final int FNAME = 8;
    private static final int FCOMMENT = 16;

    private Gunzip() {
    }

    /**
     * Appends the decompressed content of {@code src[off, off + len)} to {@code out}.
     *
     * @param limit uncompressed bytes allowed, 0 for none
     * @throws ScrapeException with Go's wording for a bad header, checksum, truncated or corrupt stream
     */
    static void inflate(byte[] src, int off, int len, long limit, ScrapeBody out) throws ScrapeException {
        Inflater inf = POOL.pollFirst();
        if (inf == null) {
            inf = new Inflater(true);
        } else {
            POOLED.decrementAndGet();
        }
        try {
            int p = off;
            int end = off + len;
            CRC32 crc = new CRC32();
            do {
                p = header(src, p, end);
                inf.reset();
                inf.setInput(src, p, end - p);
                crc.reset();
                long memberSize = 0;
                while (!inf.finished()) {
                    byte[] a = out.ensure(ScrapeBody.READ_CHUNK);
                    int n = inf.inflate(a, out.length(), a.length - out.length());
                    // Checked as it comes: a streamed body's lines leave the buffer when it is full.
                    crc.update(a, out.length(), n);
                    memberSize += n;
                    out.advance(n);
                    if (limit > 0 && out.received() > limit) {
                        throw HttpScraper.bodyTooLarge(limit);
                    }
                    if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                        throw new ScrapeException("unexpected EOF");
                    }
                }
                p = end - inf.getRemaining();
                if (end - p < 8) {
                    throw new ScrapeException("unexpected EOF");
                }
                // ISIZE is the member's size modulo 2^32.
                if (int32(src, p) != (int) crc.getValue() || int32(src, p + 4) != (int) memberSize) {
                    throw new ScrapeException("gzip: invalid checksum");
                }
                p += 8;
            } while (p < end);
        } catch (DataFormatException e) {
            throw new ScrapeException("flate: corrupt input (" + e.getMessage() + ")");
        } finally {
            if (POOLED.incrementAndGet() <= POOL_MAX) {
                POOL.offerFirst(inf);
            } else {
                POOLED.decrementAndGet();
                inf.end();
            }
        }
    }

    /** Checks a member header at {@code p} and returns where its deflate data starts. */
    private static int header(byte[] b, int p, int end) throws ScrapeException {
        int start = p;
        if (end - p < 10) {
            throw new ScrapeException(end == p ? "EOF" : "unexpected EOF");
        }
        if ((b[p] & 0xff) != 0x1f || (b[p + 1] & 0xff) != 0x8b || b[p + 2] != 8) {
            throw new ScrapeException("gzip: invalid header");
        }
        int flags = b[p + 3] & 0xff;
        p += 10; // magic, method, flags, mtime, extra flags, OS
        if ((flags & FEXTRA) != 0) {
            if (end - p < 2) {
                throw new ScrapeException("unexpected EOF");
            }
            p += 2 + ((b[p] & 0xff) | (b[p + 1] & 0xff) << 8);
        }
        if ((flags & FNAME) != 0) {
            p = afterZero(b, p, end);
        }
        if ((flags & FCOMMENT) != 0) {
            p = afterZero(b, p, end);
        }
        if ((flags & FHCRC) != 0) {
            if (p + 2 > end) {
                throw new ScrapeException("unexpected EOF");
            }
            CRC32 crc = new CRC32();
            crc.update(b, start, p - start);
            if (((b[p] & 0xff) | (b[p + 1] & 0xff) << 8) != ((int) crc.getValue() & 0xffff)) {
                throw new ScrapeException("gzip: invalid header");
            }
            p += 2;
        }
        if (p > end) {
            throw new ScrapeException("unexpected EOF");
        }
        return p;
    }

    private static int afterZero(byte[] b, int p, int end) throws ScrapeException {
        while (p < end && b[p] != 0) {
            p++;
        }
        if (p >= end) {
            throw new ScrapeException("unexpected EOF");
        }
        return p + 1;
    }

    private static int int32(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 24;
    }
}
