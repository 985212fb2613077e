package io.meshlens.remotewrite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class WriteAheadLogTest {
    static final Logger LOG = Logger.getLogger("wal-test");

    static RequestBody b(String s) {
        return RequestBody.of(s.getBytes());
    }

    static List<String> bodies(List<WriteAheadLog.Entry> es) {
        return es.stream().map(e -> new String(e.body())).toList();
    }

    static long segments(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".seg")).count();
        }
    }

    @Test
    void readsPushesInOrderWithAllTheirRecordsTogether(@TempDir Path dir) throws Exception {
        try (WriteAheadLog w = WriteAheadLog.open(dir, 2, LOG)) {
            w.append(List.of(b("a1"), b("a2"), b("a3")), 7);
            w.append(List.of(b("b1")), 1);
            List<WriteAheadLog.Entry> first = w.next(0);
            assertThat(bodies(first)).containsExactly("a1", "a2", "a3");
            assertThat(first.stream().mapToInt(WriteAheadLog.Entry::points).sum()).isEqualTo(7);
            assertThat(bodies(w.next(0))).containsExactly("b1");
            assertThat(w.next(0)).isEmpty();
            assertThat(w.pending()).isEqualTo(4);
        }
    }

    @Test
    void aBodyInALargerPooledArrayIsWrittenAsItsLengthOnly(@TempDir Path dir) throws Exception {
        String text = "payload-".repeat(10) + "and-more";
        RequestBody pooled = new RequestBody.Pool().copyOf(text.getBytes(), 80);
        assertThat(pooled.bytes().length).isGreaterThan(pooled.length());
        try (WriteAheadLog w = WriteAheadLog.open(dir, 2, LOG)) {
            w.append(List.of(pooled, b("next")), 2);
            pooled.release(); // the exporter releases once appended: the log holds its own copy
        }
        try (WriteAheadLog w = WriteAheadLog.open(dir, 2, LOG)) {
            assertThat(bodies(w.next(0))).containsExactly(text.substring(0, 80), "next"); // and the checksums hold
        }
    }

    @Test
    void reopeningReplaysOnlyWhatWasNotAcknowledged(@TempDir Path dir) throws Exception {
        try (WriteAheadLog w = WriteAheadLog.open(dir, 2, LOG)) {
            w.append(List.of(b("a")), 1);
            w.append(List.of(b("b")), 1);
            w.append(List.of(b("c")), 1);
            List<WriteAheadLog.Entry> a = w.next(0);
            w.ack(a.get(a.size() - 1), a.size());
            w.next(0); // read but never acknowledged (e.g. the process was killed mid-send)
        }
        try (WriteAheadLog w = WriteAheadLog.open(dir, 2, LOG)) {
            assertThat(w.pending()).isEqualTo(2);
            assertThat(bodies(w.next(0))).containsExactly("b");
            assertThat(bodies(w.next(0))).containsExactly("c");
            w.append(List.of(b("d")), 1);
            assertThat(bodies(w.next(0))).containsExactly("d");
        }
    }

    @Test
    void aTornTailFromACrashMidWriteIsCutOff(@TempDir Path dir) throws Exception {
        try (WriteAheadLog w = WriteAheadLog.open(dir, 100, LOG)) {
            w.append(List.of(b("a")), 1);
            w.append(List.of(b("b")), 1);
        }
        Path seg;
        try (Stream<Path> s = Files.list(dir)) {
            seg = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        long good = Files.size(seg);
        Files.write(seg, new byte[] {0, 0, 0, 50, 0, 0, 0, 1, 9, 9}, StandardOpenOption.APPEND);
        try (WriteAheadLog w = WriteAheadLog.open(dir, 100, LOG)) {
            assertThat(Files.size(seg)).isEqualTo(good);
            assertThat(bodies(w.next(0))).containsExactly("a");
            assertThat(bodies(w.next(0))).containsExactly("b");
            assertThat(w.next(0)).isEmpty();
        }
    }

    @Test
    void aCorruptRecordIsNotDelivered(@TempDir Path dir) throws Exception {
        try (WriteAheadLog w = WriteAheadLog.open(dir, 100, LOG)) {
            w.append(List.of(b("aaaa")), 1);
            w.append(List.of(b("bbbb")), 1);
        }
        Path seg;
        try (Stream<Path> s = Files.list(dir)) {
            seg = s.filter(p -> p.toString().endsWith(".seg")).findFirst().orElseThrow();
        }
        byte[] raw = Files.readAllBytes(seg);
        raw[raw.length - 1] ^= 0x55; // flip bits in the last body
        Files.write(seg, raw);
        try (WriteAheadLog w = WriteAheadLog.open(dir, 100, LOG)) {
            assertThat(bodies(w.next(0))).containsExactly("aaaa");
            assertThat(w.next(0)).isEmpty();
        }
    }

    @Test
    void truncationDeletesOnlyDeliveredSegments(@TempDir Path dir) throws Exception {
        try (WriteAheadLog w = WriteAheadLog.open(dir, 1, LOG)) {
            for (String s : new String[] {"a", "b", "c", "d"}) {
                w.append(List.of(b(s)), 1);
            }
            assertThat(segments(dir)).isEqualTo(4);
            List<WriteAheadLog.Entry> a = w.next(0);
            List<WriteAheadLog.Entry> bb = w.next(0);
            w.ack(bb.get(0), 2);
            assertThat(w.truncate()).isEqualTo(2);
            assertThat(segments(dir)).isEqualTo(2);
            assertThat(a).hasSize(1);
            assertThat(bodies(w.next(0))).containsExactly("c");
        }
        try (WriteAheadLog w = WriteAheadLog.open(dir, 1, LOG)) {
            assertThat(bodies(w.next(0))).containsExactly("c");
        }
    }
}
