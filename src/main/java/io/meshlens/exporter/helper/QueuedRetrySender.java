package io.meshlens.exporter.helper;

import io.meshlens.component.ConsumerException;
import io.meshlens.telemetry.ExporterTelemetry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import java.util.logging.Logger;

/**
 * The Collector's exporterhelper in one class: {@code submit} puts a batch on a bounded queue
 * (or sends inline when the queue is disabled); consumer threads send it, retrying transient
 * failures with backoff until {@code max_elapsed_time}. A full queue rejects the batch with a
 * retryable error and counts it in {@code otelcol_exporter_enqueue_failed_*}: memory stays bounded
 * while a backend is down. Shutdown stops taking work and drains the queue for a bounded time.
 */
public final class QueuedRetrySender<T> {
    /** Sends one batch; throws on failure. */
    @FunctionalInterface
    public interface Sender<T> {
        void send(T batch) throws SendException;
    }

    private final Sender<T> sender;
    private final ToIntFunction<T> itemCount;
    private final QueueSettings queue;
    private final RetrySettings retry;
    private final ExporterTelemetry telemetry;
    private final boolean spans;
    private final Logger log;
    private final BlockingQueue<T> items;
    private final List<Thread> consumers = new ArrayList<>();
    private volatile boolean stopping;

    public QueuedRetrySender(Sender<T> sender, ToIntFunction<T> itemCount, QueueSettings queue, RetrySettings retry,
                             ExporterTelemetry telemetry, String dataType, Logger log) {
        this.sender = sender;
        this.itemCount = itemCount;
        this.queue = queue;
        this.retry = retry;
        this.telemetry = telemetry;
        this.spans = dataType.equals("traces");
        this.log = log;
        this.items = queue.enabled() ? new ArrayBlockingQueue<>(queue.queueSize()) : null;
        if (items != null) {
            telemetry.queue(dataType, items::size, queue::queueSize);
        }
    }

    public void start() {
        if (items == null) {
            return;
        }
        for (int i = 0; i < queue.numConsumers(); i++) {
            consumers.add(Thread.ofVirtual().name("exporter-consumer-" + i).start(this::consumeLoop));
        }
    }

    /** Accepts a batch for sending. */
    public void submit(T batch) {
        if (items == null) {
            if (!sendWithRetry(batch)) {
                throw new ConsumerException("export failed", false);
            }
            return;
        }
        if (stopping || !items.offer(batch)) {
            int n = itemCount.applyAsInt(batch);
            telemetry.enqueueFailed(n);
            log.warning("sending queue is full (" + queue.queueSize() + " batches): dropping " + n + " items");
            throw new ConsumerException("sending queue is full", true);
        }
    }

    public int queueSize() {
        return items == null ? 0 : items.size();
    }

    private void consumeLoop() {
        while (true) {
            T b;
            try {
                b = items.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (b == null) {
                if (stopping) {
                    return;
                }
                continue;
            }
            sendWithRetry(b);
        }
    }

    /** Sends with retries; returns false when the batch was dropped. */
    private boolean sendWithRetry(T batch) {
        int n = itemCount.applyAsInt(batch);
        long deadline = retry.maxElapsedTime().isZero() ? Long.MAX_VALUE
                : System.nanoTime() + retry.maxElapsedTime().toNanos();
        int attempt = 0;
        while (true) {
            try {
                sender.send(batch);
                if (spans) {
                    telemetry.sentSpans(n);
                } else {
                    telemetry.sent(n);
                }
                return true;
            } catch (SendException e) {
                Duration d = retry.delay(attempt++);
                boolean giveUp = e.permanent() || !retry.enabled() || stopping && attempt > 1
                        || System.nanoTime() + d.toNanos() > deadline;
                if (giveUp) {
                    if (spans) {
                        telemetry.failedSpans(n);
                    } else {
                        telemetry.failed(n);
                    }
                    log.warning("dropping " + n + " items: " + e.getMessage()
                            + (e.permanent() ? " (not retryable)" : " (no more retries)"));
                    return false;
                }
                log.info("export failed, retrying in " + d.toMillis() + "ms: " + e.getMessage());
                try {
                    Thread.sleep(d);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    /** Stops accepting work and waits up to {@code timeout} for the queue to drain. */
    public void shutdown(Duration timeout) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : consumers) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
            t.interrupt();
        }
        if (items != null && !items.isEmpty()) {
            log.warning("shutdown: " + items.size() + " batches were not sent");
        }
    }
}
