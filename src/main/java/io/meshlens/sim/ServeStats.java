package io.meshlens.sim;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the proxies have served since start (pages written whole): scrapes, body bytes (before gzip) and sample lines per
 * sample name ({@code response_latency_ms_bucket}, {@code tcp_open_connections}, …). A load harness
 * compares these counts with what reached the backend to find lost samples.
 */
public final class ServeStats {
    private final LongAdder scrapes = new LongAdder();
    private final LongAdder bytes = new LongAdder();
    private final LongAdder lines = new LongAdder();
    private final Map<String, LongAdder> byName = new ConcurrentHashMap<>();
    private final LongAdder aborted = new LongAdder();

    /** Counts a page whose response could not be written whole (the scraper timed out or went away); not served. */
    public void aborted() {
        aborted.increment();
    }

    /** Responses counted by {@link #aborted()} so far. */
    public long abortedCount() {
        return aborted.sum();
    }

    /** Counts one served page (exposition text, uncompressed). */
    public void record(byte[] page) {
        scrapes.increment();
        bytes.add(page.length);
        int n = page.length;
        int i = 0;
        long total = 0;
        while (i < n) {
            int end = i;
            while (end < n && page[end] != '\n') {
                end++;
            }
            if (end > i && page[i] != '#') {
                int nameEnd = i;
                while (nameEnd < end && page[nameEnd] != '{' && page[nameEnd] != ' ') {
                    nameEnd++;
                }
                // Names are ASCII; a per-line String is cheap next to rendering the line.
                byName.computeIfAbsent(new String(page, i, nameEnd - i, StandardCharsets.ISO_8859_1),
                        k -> new LongAdder()).increment();
                total++;
            }
            i = end + 1;
        }
        lines.add(total);
    }

    public Snapshot snapshot() {
        Map<String, Long> names = new TreeMap<>();
        byName.forEach((k, v) -> names.put(k, v.sum()));
        return new Snapshot(scrapes.sum(), bytes.sum(), lines.sum(), names);
    }

    /** Cumulative counts at one moment. */
    public record Snapshot(long scrapes, long bytes, long lines, Map<String, Long> linesByName) {
        public Snapshot {
            linesByName = Map.copyOf(linesByName);
        }

        /** Lines served of the given sample names. */
        public long lines(java.util.Collection<String> names) {
            long n = 0;
            for (String s : names) {
                n += linesByName.getOrDefault(s, 0L);
            }
            return n;
        }
    }
}
