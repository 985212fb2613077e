package io.meshlens.loadtest;

import java.util.ArrayList;
import java.util.List;

/**
 * End-to-end delay, scrape → queryable in VictoriaMetrics: polls the newest sample of one probe
 * series every 500 ms; when a newer one appears, delay = now − its timestamp (the agent stamps a
 * sample with its scrape's start, within milliseconds of the simulator serving it). Resolution is
 * the poll period: each figure is an upper bound by at most 0.5 s plus the query's own time.
 */
public final class DelayProbe implements AutoCloseable {
    static final long POLL_MS = 500;
    private final VmMeter meter;
    private final String selector;
    private final List<Double> delays = new ArrayList<>();
    private final Thread thread;
    private volatile Exception failure;

    public DelayProbe(VmMeter meter, String selector) {
        this.meter = meter;
        this.selector = selector;
        this.thread = Thread.ofPlatform().daemon().name("bench-delay-probe").start(this::loop);
    }

    private void loop() {
        long last = 0;
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.currentTimeMillis();
                long newest = meter.newestTimestamp(selector, now - 120_000);
                long seen = System.currentTimeMillis();
                if (newest > last) {
                    if (last != 0) { // the first one may have arrived long before the probe started
                        synchronized (delays) {
                            delays.add((seen - newest) / 1000.0);
                        }
                    }
                    last = newest;
                }
                Thread.sleep(Math.max(0, POLL_MS - (System.currentTimeMillis() - now)));
            }
        } catch (InterruptedException e) {
            // stopped
        } catch (Exception e) {
            failure = e;
        }
    }

    /** Delays observed so far, in seconds. */
    public List<Double> delays() {
        synchronized (delays) {
            return List.copyOf(delays);
        }
    }

    public Exception failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
    }
}
