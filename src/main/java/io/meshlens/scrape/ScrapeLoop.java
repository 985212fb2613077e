package io.meshlens.scrape;

import io.meshlens.component.ConsumerException;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.model.MetricBatch;
import io.meshlens.telemetry.CardinalityTracker;
import io.meshlens.telemetry.ReceiverTelemetry;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One target's scrape loop: at the target's phase in the interval (spread by a hash of the
 * target, as Prometheus does, so a thousand targets don't scrape at once) a virtual thread
 * fetches, hands the body to the {@link TargetScraper}, pushes the batch to the pipeline and
 * records the outcome for the targets page. Stopping it ends the target's series with stale
 * markers.
 *
 * <p>Between scrapes nothing of the loop runs or waits: one timer thread for all loops starts
 * each scrape on a new virtual thread. A virtual thread parked for the interval instead kept its
 * frozen stack (~1.2 KB) alive for exactly one interval, past the survivor spaces: at 1,000
 * targets ~80 KB/s of promoted garbage, most of what the old generation grew by.
 */
public final class ScrapeLoop {
    private static final Logger LOG = Logger.getLogger(ScrapeLoop.class.getName());
    /** How long {@link #stop} waits for a scrape in progress. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final ScheduledExecutorService TIMER = timer();

    private final Target target;
    private final HttpScraper http;
    private final TargetScraper scraper;
    private final MetricsConsumer next;
    private final ReceiverTelemetry telemetry;
    private final long jitterSeed;
    private final URI url;
    private final java.time.Duration interval;
    private final java.time.Duration timeout;
    private volatile TargetStatus status;
    private volatile CardinalityTracker.Exposure exposure;
    private final ThreadFactory scrapeThreads;
    // Guarded by this: whether stopped, the next scrape's timer task, a scrape in progress, and
    // whether that scrape closes the connection when it ends (stop gave up waiting for it).
    private volatile boolean stopped;
    private ScheduledFuture<?> pending;
    private boolean scraping;
    private boolean closeAfterScrape;
    /** {@link System#nanoTime} of the next scrape; used by one scrape at a time. */
    private long nextNanos;
    /** The last body's length: the next body's buffer is sized from it. */
    private long lastBodyLength;
    /** The target's own keep-alive connection (null: scraped through the JDK client); used by one scrape at a time. */
    private final TargetConnection connection;

    public ScrapeLoop(Target target, HttpScraper http, TargetScraper scraper, MetricsConsumer next,
                      ReceiverTelemetry telemetry, long jitterSeed) {
        this.target = target;
        this.http = http;
        this.scraper = scraper;
        this.next = next;
        this.telemetry = telemetry;
        this.jitterSeed = jitterSeed;
        this.url = URI.create(target.url());
        this.interval = target.interval();
        this.timeout = target.timeout();
        this.connection = http.connection(url, timeout);
        this.status = TargetStatus.unknown(target);
        this.scrapeThreads = Thread.ofVirtual().name("scrape " + target.url()).factory();
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread th = new Thread(r, "meshlens-scrape-timer");
            th.setDaemon(true);
            return th;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    public Target target() {
        return target;
    }

    public TargetStatus status() {
        return status;
    }

    /** Reports each successful scrape, as exposed, to {@code exposure} (the cardinality view's first stage). */
    public void reportExposure(CardinalityTracker.Exposure exposure) {
        this.exposure = exposure;
    }

    public void start() {
        nextNanos = System.nanoTime() + initialDelayMs(System.currentTimeMillis()) * 1_000_000L;
        scheduleNext();
    }

    /** Milliseconds to wait before the first scrape so this target keeps a stable phase in its interval. */
    long initialDelayMs(long nowMs) {
        long interval = this.interval.toMillis();
        long base = interval - Math.floorMod(nowMs, interval);
        long offset = Math.floorMod(target.hash() ^ jitterSeed, interval);
        long nextMs = base + offset;
        return nextMs > interval ? nextMs - interval : nextMs;
    }

    private synchronized void scheduleNext() {
        if (!stopped) {
            pending = TIMER.schedule(() -> scrapeThreads.newThread(this::tick).start(),
                    Math.max(0, nextNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** One scheduled scrape, on its own virtual thread; schedules the next. */
    private void tick() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            scraping = true;
        }
        try {
            scrapeOnce();
        } finally {
            boolean close;
            synchronized (this) {
                scraping = false;
                close = closeAfterScrape;
                notifyAll();
            }
            if (close) {
                closeConnection();
            }
        }
        long interval = this.interval.toNanos();
        nextNanos += interval;
        long now = System.nanoTime();
        if (nextNanos < now) {
            // Overran one or more intervals: skip them rather than scrape back-to-back.
            nextNanos += ((now - nextNanos) / interval + 1) * interval;
        }
        scheduleNext();
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
        }
    }

    /** One scrape: fetch, process, push. Package-visible for tests. */
    void scrapeOnce() {
        long startMs = System.currentTimeMillis();
        long t0 = System.nanoTime();
        MetricBatch batch;
        String error = null;
        // Sized for the whole body as last time, up to a window: larger ones are parsed as they arrive.
        ScrapeBody body = ScrapeBody.borrow((int) Math.min(lastBodyLength, ScrapeBody.STREAM_WINDOW));
        scraper.receive(body, startMs);
        try {
            http.scrape(url, connection, timeout, target.bodySizeLimit(), body);
            lastBodyLength = body.received();
            batch = scraper.process(body, startMs, (System.nanoTime() - t0) / 1e9);
            CardinalityTracker.Exposure e = exposure;
            if (e != null) {
                scraper.reportExposed(e);
            }
        } catch (ScrapeException e) {
            error = e.getMessage();
            batch = scraper.failed(startMs, (System.nanoTime() - t0) / 1e9);
        } finally {
            ScrapeBody.giveBack(body);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int points = batch.pointCountWithSkipped(); // counted as if nothing were left out
        String pipelineError = null;
        if (points > 0) {
            try {
                next.consumeMetrics(batch);
                telemetry.metricPoints(points, 0);
            } catch (ConsumerException e) {
                telemetry.metricPoints(0, points);
                pipelineError = e.getMessage();
                LOG.warning("scrape of " + target.url() + ": the pipeline refused " + points + " points: "
                        + e.getMessage());
            } catch (RuntimeException e) {
                telemetry.metricPoints(0, points);
                pipelineError = String.valueOf(e.getMessage());
                LOG.warning("scrape of " + target.url() + ": pipeline error: " + e);
            }
        }
        if (error != null) {
            LOG.fine("Failed to scrape Prometheus endpoint " + target.url() + ": " + error);
        }
        status = new TargetStatus(target, error == null ? TargetStatus.Health.UP : TargetStatus.Health.DOWN,
                error == null ? (pipelineError == null ? "" : "pipeline: " + pipelineError) : error, startMs, seconds,
                scraper.lastSamplesScraped(), scraper.lastSamplesPostRelabel());
    }

    /**
     * Stops the loop, waits up to 15 s for a scrape in progress, and ends every series of the
     * target with a stale marker.
     */
    public void stop() {
        boolean close;
        synchronized (this) {
            stopped = true;
            if (pending != null) {
                pending.cancel(false);
            }
            long deadline = System.nanoTime() + STOP_WAIT.toNanos();
            try {
                for (long left = STOP_WAIT.toNanos(); scraping && left > 0; left = deadline - System.nanoTime()) {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            close = !scraping;
            closeAfterScrape = scraping; // the scrape still running closes it when it ends
        }
        if (close) {
            closeConnection();
        }
        MetricBatch stale = scraper.endOfRun(System.currentTimeMillis());
        if (stale.pointCountWithSkipped() > 0) {
            try {
                next.consumeMetrics(stale);
            } catch (RuntimeException e) {
                LOG.warning("stale markers for " + target.url() + " not delivered: " + e.getMessage());
            }
        }
    }
}
