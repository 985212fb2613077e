package io.meshlens.scrape;

import io.meshlens.component.ConsumerException;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.model.MetricBatch;
import io.meshlens.telemetry.CardinalityTracker;
import io.meshlens.telemetry.ReceiverTelemetry;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Logger;

/**
 * One target's scrape loop on a virtual thread: waits for the target's phase in the interval
 * (spread by a hash of the target, as Prometheus does, so a thousand targets don't scrape at
 * once), fetches, hands the body to the {@link TargetScraper}, pushes the batch to the pipeline
 * and records the outcome for the targets page. Stopping it ends the target's series with stale
 * markers.
 */
public final class ScrapeLoop {
    private static final Logger LOG = Logger.getLogger(ScrapeLoop.class.getName());

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
    private volatile boolean stopped;
    private Thread thread;
    /** The last body's length: the next body's buffer is sized from it. */
    private long lastBodyLength;
    /** The target's own keep-alive connection (null: scraped through the JDK client); used by the loop's thread only. */
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
        thread = Thread.ofVirtual().name("scrape " + target.url()).start(this::run);
    }

    /** Milliseconds to wait before the first scrape so this target keeps a stable phase in its interval. */
    long initialDelayMs(long nowMs) {
        long interval = this.interval.toMillis();
        long base = interval - Math.floorMod(nowMs, interval);
        long offset = Math.floorMod(target.hash() ^ jitterSeed, interval);
        long nextMs = base + offset;
        return nextMs > interval ? nextMs - interval : nextMs;
    }

    private void run() {
        try {
            loop();
        } finally {
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
        }
    }

    private void loop() {
        long interval = this.interval.toNanos();
        long next = System.nanoTime() + initialDelayMs(System.currentTimeMillis()) * 1_000_000L;
        while (!stopped) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                if (stopped) {
                    break;
                }
                if (System.nanoTime() < next) {
                    continue;
                }
            }
            scrapeOnce();
            next += interval;
            long now = System.nanoTime();
            if (next < now) {
                // Overran one or more intervals: skip them rather than scrape back-to-back.
                next += ((now - next) / interval + 1) * interval;
            }
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

    /** Stops the loop and ends every series of the target with a stale marker. */
    public void stop() {
        stopped = true;
        if (thread != null) {
            LockSupport.unpark(thread);
            try {
                thread.join(Duration.ofSeconds(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            closeConnection(); // scraped by a test through scrapeOnce, never started
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
