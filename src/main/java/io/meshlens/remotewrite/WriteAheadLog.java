package io.meshlens.remotewrite;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The exporter's on-disk log of encoded, compressed remote-write requests (contrib's {@code wal}).
 *
 * <p>Layout: {@code <directory>/NNNNNNNNNNNNNNNNNNNN.seg} segment files of at most
 * {@code entriesPerSegment} (wal.buffer_size) records, each record
 * {@code [int bodyLength][int points][int partsLeft][int crc32c(points, partsLeft, body)][body]}
 * ({@code partsLeft}: records of the same push after this one), plus {@code position}:
 * the segment and offset of the first record not yet delivered, replaced atomically
 * (write temp, fsync, rename) after every delivery.
 *
 * <p>Durability policy: {@link #append} writes all records of a push and fsyncs once before it
 * returns, so a push the exporter acknowledged survives SIGKILL and power loss alike. One fsync
 * per push (a few per second from a batch processor) is cheap; per request would be wasted, since
 * a push is acknowledged as a whole. The position is fsynced too; losing it could only resend
 * delivered requests (at-least-once; backends drop identical samples), never lose data.
 *
 * <p>Recovery: segments are scanned from the position; a torn or corrupt tail (crash mid-write)
 * ends the segment there and is cut off. Appends after a restart go to a new segment.
 */
public final class WriteAheadLog implements Closeable {
    /** One record; {@code next} is the offset after it; {@code partsLeft} more records belong to its push. */
    public record Entry(long segment, long offset, long next, int points, int partsLeft, byte[] body) {
    }

    private static final int HEADER = 16;
    private static final String SUFFIX = ".seg";

    private final Path dir;
    private final int entriesPerSegment;
    private final Logger log;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition appended = lock.newCondition();

    /** Sealed segment → valid size. */
    private final TreeMap<Long, Long> sealed = new TreeMap<>();
    private long activeSegment;
    private FileChannel active;
    private long activeSize;
    private int activeEntries;

    private long readSegment;
    private long readOffset;
    private FileChannel reading;
    private long readingSegment = -1;

    private long ackSegment;
    private long ackOffset;
    private long pending;
    private boolean closed;

    private WriteAheadLog(Path dir, int entriesPerSegment, Logger log) {
        this.dir = dir;
        this.entriesPerSegment = Math.max(1, entriesPerSegment);
        this.log = log;
    }

    public static WriteAheadLog open(Path dir, int entriesPerSegment, Logger log) throws IOException {
        Files.createDirectories(dir);
        WriteAheadLog w = new WriteAheadLog(dir, entriesPerSegment, log);
        w.recover();
        return w;
    }

    private void recover() throws IOException {
        List<Long> segments = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(SUFFIX)).forEach(n -> {
                try {
                    segments.add(Long.parseLong(n.substring(0, n.length() - SUFFIX.length())));
                } catch (NumberFormatException ignored) {
                    // not ours
                }
            });
        }
        segments.sort(null);
        long[] pos = readPosition();
        ackSegment = pos[0];
        ackOffset = pos[1];
        if (!segments.isEmpty() && ackSegment < segments.get(0)) {
            ackSegment = segments.get(0);
            ackOffset = 0;
        }
        for (long seg : segments) {
            if (seg < ackSegment) {
                Files.deleteIfExists(segmentPath(seg));
                continue;
            }
            long valid = scan(seg, seg == ackSegment ? ackOffset : 0);
            sealed.put(seg, valid);
        }
        if (!sealed.isEmpty() && !sealed.containsKey(ackSegment)) {
            ackSegment = sealed.firstKey();
            ackOffset = 0;
        }
        readSegment = ackSegment;
        readOffset = ackOffset;
        activeSegment = segments.isEmpty() ? Math.max(1, ackSegment) : segments.get(segments.size() - 1) + 1;
        if (sealed.isEmpty()) {
            ackSegment = activeSegment;
            ackOffset = 0;
            readSegment = activeSegment;
            readOffset = 0;
        }
        openActive();
        if (pending > 0) {
            log.info("wal " + dir + ": " + pending + " unsent requests will be replayed");
        }
    }

    /** Validates records of a segment from its start, counts pending ones from {@code countFrom}, cuts a torn tail. */
    private long scan(long seg, long countFrom) throws IOException {
        try (FileChannel ch = FileChannel.open(segmentPath(seg), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long off = 0;
            ByteBuffer header = ByteBuffer.allocate(HEADER);
            while (off + HEADER <= size) {
                header.clear();
                readFully(ch, header, off);
                header.flip();
                int len = header.getInt();
                int points = header.getInt();
                int parts = header.getInt();
                int crc = header.getInt();
                if (len < 0 || off + HEADER + len > size) {
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(len);
                readFully(ch, body, off + HEADER);
                if (crc(points, parts, body.array()) != crc) {
                    break;
                }
                if (off >= countFrom) {
                    pending++;
                }
                off += HEADER + len;
            }
            if (off < size) {
                log.warning("wal " + segmentPath(seg) + ": cutting " + (size - off)
                        + " bytes of an incomplete or corrupt record at offset " + off);
                ch.truncate(off);
                ch.force(true);
            }
            return off;
        }
    }

    private void openActive() throws IOException {
        active = FileChannel.open(segmentPath(activeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        activeSize = active.size();
        activeEntries = 0;
    }

    /** Appends one record per body (points spread over them) and fsyncs before returning. */
    public void append(List<RequestBody> bodies, int points) throws IOException {
        lock.lock();
        try {
            if (closed) {
                throw new IOException("wal is closed");
            }
            int n = bodies.size();
            for (int i = 0; i < n; i++) {
                if (activeEntries >= entriesPerSegment) {
                    roll();
                }
                RequestBody body = bodies.get(i);
                int p = points / n + (i == 0 ? points % n : 0);
                ByteBuffer header = ByteBuffer.allocate(HEADER);
                int partsLeft = n - 1 - i;
                ByteBuffer bytes = ByteBuffer.wrap(body.bytes(), 0, body.length());
                header.putInt(body.length()).putInt(p).putInt(partsLeft).putInt(crc(p, partsLeft, bytes.duplicate()))
                        .flip();
                ByteBuffer[] bufs = {header, bytes};
                long want = HEADER + body.length();
                long written = 0;
                while (written < want) {
                    written += active.write(bufs);
                }
                activeSize += want;
                activeEntries++;
                pending++;
            }
            active.force(false);
            appended.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void roll() throws IOException {
        active.force(false);
        active.close();
        sealed.put(activeSegment, activeSize);
        activeSegment++;
        openActive();
    }

    /**
     * The records of the next push after the last one read (pushes are delivered one after the
     * other, so the samples of a series reach the backend in order), waiting up to
     * {@code waitMillis}; empty when none arrived.
     */
    public List<Entry> next(long waitMillis) throws IOException, InterruptedException {
        List<Entry> out = new ArrayList<>(1);
        lock.lock();
        try {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while ((out.isEmpty() || out.get(out.size() - 1).partsLeft() > 0) && !closed) {
                if (!advanceToData()) {
                    if (!out.isEmpty()) {
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        break;
                    }
                    appended.awaitNanos(left);
                    continue;
                }
                Entry e = readAt(readSegment, readOffset);
                if (e == null) {
                    // Corrupt record inside a sealed segment: skip the rest of that segment.
                    log.warning("wal " + segmentPath(readSegment) + ": corrupt record at " + readOffset
                            + ", skipping the rest of the segment");
                    sealed.put(readSegment, readOffset);
                    continue;
                }
                out.add(e);
                readOffset = e.next();
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Moves the read cursor past finished segments; true when a record is available at it. */
    private boolean advanceToData() {
        while (true) {
            if (readSegment == activeSegment) {
                return readOffset < activeSize;
            }
            Long size = sealed.get(readSegment);
            if (size != null && readOffset < size) {
                return true;
            }
            Long next = sealed.higherKey(readSegment);
            readSegment = next != null ? next : activeSegment;
            readOffset = 0;
        }
    }

    private Entry readAt(long seg, long off) throws IOException {
        if (readingSegment != seg) {
            if (reading != null) {
                reading.close();
            }
            reading = FileChannel.open(segmentPath(seg), StandardOpenOption.READ);
            readingSegment = seg;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER);
        readFully(reading, header, off);
        header.flip();
        int len = header.getInt();
        int points = header.getInt();
        int parts = header.getInt();
        int crc = header.getInt();
        if (len < 0 || off + HEADER + len > reading.size()) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(len);
        readFully(reading, body, off + HEADER);
        if (crc(points, parts, body.array()) != crc) {
            return null;
        }
        return new Entry(seg, off, off + HEADER + len, points, parts, body.array());
    }

    /** Marks everything up to and including {@code e} delivered and persists the position. */
    public void ack(Entry e, int count) throws IOException {
        lock.lock();
        try {
            ackSegment = e.segment();
            ackOffset = e.next();
            pending = Math.max(0, pending - count);
            writePosition();
        } finally {
            lock.unlock();
        }
    }

    /** Re-reads from the delivered position (after a send was abandoned, e.g. at shutdown). */
    public void rewind() {
        lock.lock();
        try {
            readSegment = ackSegment;
            readOffset = ackOffset;
        } finally {
            lock.unlock();
        }
    }

    /** Deletes segments whose records are all delivered (wal.truncate_frequency). Returns how many. */
    public int truncate() throws IOException {
        lock.lock();
        try {
            int n = 0;
            while (!sealed.isEmpty()) {
                long seg = sealed.firstKey();
                // The read cursor never lags the delivered position, so a delivered segment is also read.
                boolean delivered = seg < ackSegment || seg == ackSegment && ackOffset >= sealed.get(seg);
                if (!delivered) {
                    break;
                }
                sealed.remove(seg);
                if (readingSegment == seg) {
                    reading.close();
                    reading = null;
                    readingSegment = -1;
                }
                Files.deleteIfExists(segmentPath(seg));
                n++;
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Records appended but not yet delivered. */
    public long pending() {
        lock.lock();
        try {
            return pending;
        } finally {
            lock.unlock();
        }
    }

    public Path directory() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            appended.signalAll();
            active.force(false);
            active.close();
            if (reading != null) {
                reading.close();
            }
        } finally {
            lock.unlock();
        }
    }

    private Path segmentPath(long seg) {
        return dir.resolve(String.format("%020d%s", seg, SUFFIX));
    }

    private long[] readPosition() throws IOException {
        try {
            String[] parts = Files.readString(dir.resolve("position")).strip().split(" ");
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])};
        } catch (NoSuchFileException e) {
            return new long[] {0, 0};
        } catch (RuntimeException e) {
            log.warning("wal " + dir + ": unreadable position file, replaying from the oldest segment");
            return new long[] {0, 0};
        }
    }

    private void writePosition() throws IOException {
        Path tmp = dir.resolve("position.tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap((ackSegment + " " + ackOffset + "\n").getBytes()));
            ch.force(false);
        }
        Files.move(tmp, dir.resolve("position"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new IOException("unexpected end of wal segment");
            }
            p += n;
        }
    }

    private static int crc(int points, int parts, byte[] body) {
        return crc(points, parts, ByteBuffer.wrap(body));
    }

    private static int crc(int points, int parts, ByteBuffer body) {
        CRC32C c = new CRC32C();
        c.update(ByteBuffer.allocate(8).putInt(points).putInt(parts).flip());
        c.update(body);
        return (int) c.getValue();
    }
}
