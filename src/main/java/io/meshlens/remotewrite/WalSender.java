package io.meshlens.remotewrite;

import io.meshlens.telemetry.ExporterTelemetry;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Delivers from the {@link WriteAheadLog}: reads the records of one push, sends them with up to
 * {@code num_consumers} in flight with retries that never give up on retryable errors (the data is on disk; the
 * disk, not a timer, bounds an outage), and advances the persisted position only past records the
 * backend answered 2xx (or rejected permanently, which retrying cannot fix). Every
 * {@code truncate_frequency} it deletes delivered segments.
 */
public final class WalSender {
    private final WriteAheadLog wal;
    private final ParallelSender sender;
    private final long truncateEveryNanos;
    private final ExporterTelemetry telemetry;
    private final Logger log;
    private final String who;
    private final Thread thread;
    private volatile boolean stopping;

    public WalSender(WriteAheadLog wal, ParallelSender sender, Duration truncateFrequency,
                     ExporterTelemetry telemetry, Logger log, String who) {
        this.wal = wal;
        this.sender = sender;
        this.truncateEveryNanos = Math.max(1, truncateFrequency.toNanos());
        this.telemetry = telemetry;
        this.log = log;
        this.who = who;
        // Virtual: an interrupt (shutdown past its drain time) ends a blocked socket read at once.
        this.thread = Thread.ofVirtual().name("prw-wal-" + who).unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        long lastTruncate = System.nanoTime();
        while (!stopping) {
            try {
                List<WriteAheadLog.Entry> entries = wal.next(200);
                if (!entries.isEmpty()) {
                    deliver(entries);
                }
                if (System.nanoTime() - lastTruncate >= truncateEveryNanos) {
                    lastTruncate = System.nanoTime();
                    int n = wal.truncate();
                    if (n > 0) {
                        log.fine(who + ": wal truncated " + n + " delivered segments");
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (stopping) {
                    return;
                }
                log.log(Level.WARNING, who + ": wal delivery error, retrying in 1s", e);
                wal.rewind();
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void deliver(List<WriteAheadLog.Entry> entries) throws InterruptedException, IOException {
        List<RequestBody> bodies = new ArrayList<>(entries.size());
        for (WriteAheadLog.Entry e : entries) {
            bodies.add(RequestBody.of(e.body()));
        }
        RetryingSender.Verdict[] v = sender.sendAll(bodies, true, () -> stopping);
        int done = 0;
        while (done < v.length && v[done] != RetryingSender.Verdict.STOPPED) {
            WriteAheadLog.Entry e = entries.get(done);
            if (v[done] == RetryingSender.Verdict.SENT) {
                telemetry.sent(e.points());
            } else {
                telemetry.failed(e.points());
            }
            done++;
        }
        if (done > 0) {
            wal.ack(entries.get(done - 1), done);
        }
        if (done < v.length) {
            // Abandoned at shutdown: the rest stays on disk and is read again on the next start.
            wal.rewind();
        }
    }

    /** Stops after the requests in flight (at most {@code wait}); unsent records stay in the log. */
    public void shutdown(Duration wait) throws InterruptedException {
        stopping = true;
        sender.sender().wake();
        thread.join(wait.toMillis());
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(1000);
        }
    }
}
