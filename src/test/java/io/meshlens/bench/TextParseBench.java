package io.meshlens.bench;

import io.meshlens.textparse.Entry;
import io.meshlens.textparse.LabelCursor;
import io.meshlens.textparse.LinkerdExposition;
import io.meshlens.textparse.ParseException;
import io.meshlens.textparse.Parser;
import io.meshlens.textparse.SeriesHash;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Parsing one busy Linkerd proxy scrape (163 families, 1,374 series, 528 KiB).
 * Throughput in MiB/s = ops/s × {@link #bodyMiB}; ns/sample = 1e9 / (ops/s × 1374).
 * <ul>
 *   <li>{@code full}: what a scrape cache miss costs: every entry, every label name and unescaped
 *       value decoded to Strings, values and timestamps read.</li>
 *   <li>{@code cacheHit}: what a steady-state scrape costs: per series only the raw series range,
 *       its hash and the value; no label decoding; the parser is reused via {@code reset}, so
 *       nothing is allocated.</li>
 *   <li>{@code labelOffsets}: the cursor walked without building Strings (what a cache that must
 *       inspect a label, e.g. {@code le}, pays).</li>
 *   <li>{@code predicted}: what the scrape loop's fast path costs: each line first tried with
 *       {@link Parser#nextIfSeries} against the series the previous scrape had there (fingerprints
 *       and lengths kept in arrays, as the scrape cache keeps them), so a match reads only the value. The body
 *       changes every op ({@value #BODIES} renders with growing counters in rotation, same
 *       series), as a real target's does.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TextParseBench {

    @Param({"text", "openmetrics"})
    public String format;

    private byte[] body;
    private String contentType;
    private Parser reused;
    static final int BODIES = 8;
    private final byte[][] bodies = new byte[BODIES][];
    private int nextBody;
    /** The series of one scrape in order: bytes in one array, offsets and lengths alongside. */
    private long[] keyLows;
    private long[] keyHighs;
    private int[] keyLengths;
    private int keyCount;
    /** Body size in MiB, to turn ops/s into MiB/s. */
    public double bodyMiB;

    @Setup
    public void setup() {
        body = new LinkerdExposition(LinkerdExposition.Params.busyPod()).renderBytes(0);
        contentType = format.equals("text") ? "text/plain; version=0.0.4" : "application/openmetrics-text; version=1.0.0";
        bodyMiB = body.length / (1024.0 * 1024.0);
        reused = Parser.forContentType(contentType, body, 0, body.length);
        LinkerdExposition busy = new LinkerdExposition(LinkerdExposition.Params.busyPod());
        for (int i = 0; i < BODIES; i++) {
            bodies[i] = busy.renderBytes(i + 1);
        }
        recordOrder();
    }

    private void recordOrder() {
        keyLows = new long[4096];
        keyHighs = new long[4096];
        keyLengths = new int[4096];
        Parser p = Parser.forContentType(contentType, body, 0, body.length);
        try {
            while (p.next() != Entry.EOF) {
                if (p.entry() == Entry.SERIES) {
                    SeriesHash.Fingerprint f = p.seriesFingerprint();
                    keyLows[keyCount] = f.low();
                    keyHighs[keyCount] = f.high();
                    keyLengths[keyCount++] = p.seriesEnd() - p.seriesStart();
                }
            }
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    public long full() throws ParseException {
        Parser p = Parser.forContentType(contentType, body, 0, body.length);
        long acc = 0;
        Entry e;
        while ((e = p.next()) != Entry.EOF) {
            if (e == Entry.SERIES) {
                acc += p.metricName().length();
                LabelCursor c = p.labels();
                while (c.next()) {
                    acc += c.name().length() + c.value().length();
                }
                acc += (long) p.value() + (p.hasTimestamp() ? p.timestamp() : 0);
            } else if (e == Entry.HELP) {
                acc += p.help().length();
            } else if (e == Entry.TYPE) {
                acc += p.type().ordinal();
            }
        }
        return acc;
    }

    @Benchmark
    public long cacheHit() throws ParseException {
        // A scrape loop keeps its parser per target and resets it per scrape.
        Parser p = reused.reset(body, 0, body.length);
        long acc = 0;
        while (p.next() != Entry.EOF) {
            if (p.entry() == Entry.SERIES) {
                acc += p.seriesHash() ^ Double.doubleToRawLongBits(p.value());
                if (p.hasTimestamp()) {
                    acc += p.timestamp();
                }
            }
        }
        return acc;
    }

    @Benchmark
    public long predicted() throws ParseException {
        byte[] b = bodies[nextBody];
        nextBody = (nextBody + 1) % BODIES;
        Parser p = reused.reset(b, 0, b.length);
        long acc = 0;
        int k = 0;
        for (;;) {
            if (k < keyCount && p.nextIfSeries(keyLengths[k], keyLows[k], keyHighs[k])) {
                k++;
            } else if (p.next() == Entry.EOF) {
                break;
            } else if (p.entry() == Entry.SERIES) {
                acc += p.seriesHash();
            }
            if (p.entry() == Entry.SERIES) {
                acc += Double.doubleToRawLongBits(p.value());
                if (p.hasTimestamp()) {
                    acc += p.timestamp();
                }
            }
        }
        if (k != keyCount) {
            throw new IllegalStateException("only " + k + " of " + keyCount + " lines predicted");
        }
        return acc;
    }

    @Benchmark
    public long labelOffsets() throws ParseException {
        Parser p = reused.reset(body, 0, body.length);
        long acc = 0;
        while (p.next() != Entry.EOF) {
            if (p.entry() == Entry.SERIES) {
                LabelCursor c = p.labels();
                while (c.next()) {
                    acc += c.valueEnd() - c.nameStart();
                }
                acc += Double.doubleToRawLongBits(p.value());
            }
        }
        return acc;
    }
}
