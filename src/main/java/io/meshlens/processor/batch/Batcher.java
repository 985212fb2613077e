package io.meshlens.processor.batch;

import io.meshlens.component.CreateSettings;
import io.meshlens.model.Attributes;
import io.meshlens.telemetry.ProcessorTelemetry;
import io.meshlens.telemetry.Telemetry;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The batching core of one batch processor instance, for one signal. Several receivers and scrape
 * loops call {@link #consume} concurrently; one lock guards the pending batch and is held while
 * sending, so batches leave in order and a slow exporter slows the callers down (the Collector's
 * batch processor applies the same back-pressure through its channel). One virtual thread sends on
 * timeout.
 *
 * <p>As the Collector: a batch is sent when {@code send_batch_size} items are pending, or when the
 * timer fires ({@code timeout} after the previous send) with anything pending; {@code timeout: 0}
 * or {@code send_batch_size: 0} send at once. Sends are cut to {@code send_batch_max_size}.
 * Errors of the next consumer are logged, never returned to the caller. Shutdown flushes.
 */
final class Batcher<B> {
    /** The Collector's bucket bounds of {@code otelcol_processor_batch_batch_send_size}. */
    static final double[] SEND_SIZE_BOUNDS = {10, 25, 50, 75, 100, 250, 500, 750, 1000, 2000, 3000, 4000, 5000, 6000,
            7000, 8000, 9000, 10000, 20000, 30000, 50000, 100000};

    private final Items<B> items;
    private final Consumer<B> next;
    private final Logger logger;
    private final String component;
    private final long timeoutNanos;
    private final int sendBatchSize;
    private final int sendBatchMaxSize;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private B pending;
    private int pendingCount;
    private long deadline;
    private boolean running;
    private Thread timer;

    private final Telemetry.Counter sizeTrigger;
    private final Telemetry.Counter timeoutTrigger;
    private final Telemetry.Histogram sendSize;
    private final ProcessorTelemetry itemCounts;

    Batcher(CreateSettings settings, BatchConfig config, Items<B> items, Consumer<B> next) {
        this.items = items;
        this.next = next;
        this.logger = settings.logger();
        this.component = settings.describe();
        this.timeoutNanos = config.timeout().toNanos();
        this.sendBatchSize = config.sendBatchSize();
        this.sendBatchMaxSize = config.sendBatchMaxSize();
        this.pending = items.empty();
        Telemetry t = settings.telemetry();
        Attributes labels = Attributes.of("processor", settings.id().toString());
        sizeTrigger = t.counter("otelcol_processor_batch_batch_size_trigger_send",
                "Number of times the batch was sent due to a size trigger", labels);
        timeoutTrigger = t.counter("otelcol_processor_batch_timeout_trigger_send",
                "Number of times the batch was sent due to a timeout trigger", labels);
        sendSize = t.histogram("otelcol_processor_batch_batch_send_size",
                "Number of units in the batch", labels, SEND_SIZE_BOUNDS);
        // One batcher for all data: the cardinality of metadata combinations is always 1.
        t.gaugeCallback("otelcol_processor_batch_metadata_cardinality",
                "Number of distinct metadata value combinations being processed", labels, () -> 1);
        itemCounts = new ProcessorTelemetry(t, settings.id().toString(), settings.pipeline());
    }

    void start() {
        lock.lock();
        try {
            if (running) {
                return;
            }
            running = true;
            deadline = System.nanoTime() + timeoutNanos;
        } finally {
            lock.unlock();
        }
        if (timeoutNanos > 0) {
            timer = Thread.ofVirtual().name(component + " timer").start(this::timerLoop);
        }
    }

    void consume(B batch) {
        int n = items.count(batch);
        if (n == 0) {
            return; // the Collector drops empty additions
        }
        itemCounts.items(n, 0);
        lock.lock();
        try {
            items.append(pending, batch);
            pendingCount += n;
            boolean immediate = timeoutNanos == 0 || !running;
            while (pendingCount > 0 && (immediate || pendingCount >= sendBatchSize)) {
                sendLocked(sizeTrigger);
                deadline = System.nanoTime() + timeoutNanos;
            }
        } finally {
            lock.unlock();
        }
    }

    private void timerLoop() {
        lock.lock();
        try {
            while (running) {
                long wait = deadline - System.nanoTime();
                if (wait > 0) {
                    wake.awaitNanos(wait);
                    continue;
                }
                if (pendingCount > 0) {
                    sendLocked(timeoutTrigger);
                }
                deadline = System.nanoTime() + timeoutNanos;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    void shutdown() {
        Thread t;
        lock.lock();
        try {
            running = false;
            wake.signalAll();
            t = timer;
            timer = null;
        } finally {
            lock.unlock();
        }
        if (t != null) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        lock.lock();
        try {
            while (pendingCount > 0) {
                sendLocked(timeoutTrigger);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sends up to send_batch_max_size pending items; the caller holds the lock. */
    private void sendLocked(Telemetry.Counter trigger) {
        B out;
        int n;
        if (sendBatchMaxSize > 0 && pendingCount > sendBatchMaxSize) {
            out = items.take(pending, sendBatchMaxSize);
            n = sendBatchMaxSize;
        } else {
            out = pending;
            n = pendingCount;
            pending = items.empty();
        }
        pendingCount -= n;
        trigger.inc();
        sendSize.record(n);
        itemCounts.items(0, n);
        try {
            next.accept(out);
        } catch (RuntimeException e) {
            logger.log(Level.WARNING, component + ": sender failed, " + n + " items dropped: " + e.getMessage(), e);
        }
    }

    /** For tests: the items waiting. */
    int pendingCount() {
        lock.lock();
        try {
            return pendingCount;
        } finally {
            lock.unlock();
        }
    }

}
