package io.meshlens.remotewrite;

import io.meshlens.telemetry.ExporterTelemetry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * remote_write_queue without a WAL: a bounded in-memory queue of pushes drained by one dispatcher
 * (pushes in order), each push sent by {@link ParallelSender}. Memory stays bounded while the
 * backend is down: when the queue is full {@link #offer} refuses, the caller counts
 * {@code enqueue_failed} and the pipeline sees the error.
 */
public final class SendQueue {
    /** One push: its requests and its data-point count (the Collector's item count). */
    public record Job(List<RequestBody> requests, int points) {
        /** Hands the request arrays back to the encoder: the push has been sent, failed or dropped. */
        void release() {
            RequestBody.releaseAll(requests);
        }
    }

    private final BlockingQueue<Job> queue;
    private final int capacity;
    private final ParallelSender sender;
    private final ExporterTelemetry telemetry;
    private final Logger log;
    private final String who;
    private final Thread dispatcher;
    private volatile boolean stopping;
    private volatile long drainDeadline;

    public SendQueue(int capacity, ParallelSender sender, ExporterTelemetry telemetry, Logger log, String who) {
        this.capacity = Math.max(1, capacity);
        this.queue = new ArrayBlockingQueue<>(this.capacity);
        this.sender = sender;
        this.telemetry = telemetry;
        this.log = log;
        this.who = who;
        // Virtual: an interrupt (shutdown past its drain time) ends a blocked socket read at once.
        this.dispatcher = Thread.ofVirtual().name("prw-queue-" + who).unstarted(this::run);
    }

    public void start() {
        dispatcher.start();
    }

    public boolean offer(Job job) {
        return !stopping && queue.offer(job);
    }

    public int size() {
        return queue.size();
    }

    public int capacity() {
        return capacity;
    }

    private boolean pastDeadline() {
        return stopping && System.nanoTime() - drainDeadline > 0;
    }

    private void run() {
        try {
            while (true) {
                Job job = queue.poll(100, TimeUnit.MILLISECONDS);
                if (job == null) {
                    if (stopping) {
                        return;
                    }
                    continue;
                }
                RetryingSender.Verdict[] v = sender.sendAll(job.requests(), false, this::pastDeadline);
                job.release();
                if (ParallelSender.allDelivered(v)) {
                    telemetry.sent(job.points());
                } else {
                    telemetry.failed(job.points());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops accepting, sends what is queued for at most {@code drain}, then drops the rest (counted, logged). */
    public void shutdown(Duration drain) throws InterruptedException {
        drainDeadline = System.nanoTime() + drain.toNanos();
        stopping = true;
        dispatcher.join(drain.toMillis() + 100);
        sender.sender().wake();
        dispatcher.join(1000);
        if (dispatcher.isAlive()) {
            dispatcher.interrupt();
            dispatcher.join(1000);
        }
        int left = 0;
        for (Job j; (j = queue.poll()) != null; ) {
            left += j.points();
            j.release();
        }
        if (left > 0) {
            telemetry.failed(left);
            log.warning(who + ": shutdown dropped " + left + " queued data points not sent within " + drain
                    + " (configure wal.directory to keep them on disk)");
        }
    }
}
