package io.meshlens.exporter.prometheusremotewrite;

import io.meshlens.component.ConsumerException;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.Host;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.promhttp.TlsContexts;
import io.meshlens.model.Attributes;
import io.meshlens.model.MetricBatch;
import io.meshlens.remotewrite.ParallelSender;
import io.meshlens.remotewrite.RemoteWriteClient;
import io.meshlens.remotewrite.RemoteWriteEncoder;
import io.meshlens.remotewrite.RequestBody;
import io.meshlens.remotewrite.RetryingSender;
import io.meshlens.remotewrite.SendQueue;
import io.meshlens.remotewrite.WalSender;
import io.meshlens.remotewrite.WriteAheadLog;
import io.meshlens.telemetry.ExporterTelemetry;
import io.meshlens.telemetry.Telemetry;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * The {@code prometheusremotewrite} exporter: encodes each batch ({@link RemoteWriteEncoder}) and
 * hands the requests to one of three delivery paths —
 * <ul>
 * <li>{@code wal.directory} set: appended (fsynced) to the {@link WriteAheadLog} before
 *     {@link #consumeMetrics} returns; a {@link WalSender} delivers from disk;</li>
 * <li>{@code remote_write_queue.enabled} (default): a bounded {@link SendQueue};</li>
 * <li>otherwise sent synchronously, failures returned to the pipeline.</li>
 * </ul>
 */
public final class PrometheusRemoteWriteExporter implements Exporter, MetricsConsumer {
    /** How long shutdown keeps sending what the in-memory queue holds. */
    static final Duration SHUTDOWN_DRAIN = Duration.ofSeconds(10);
    private static final long FULL_WARNING_INTERVAL_NANOS = 10_000_000_000L;

    private final CreateSettings settings;
    private final PrometheusRemoteWriteConfig config;
    private final Logger log;
    private final String who;
    private final RemoteWriteEncoder encoder;
    private final ExporterTelemetry telemetry;
    private final Telemetry.Counter failedTranslations;
    private final Telemetry.Counter translatedSeries;
    private final AtomicLong lastFullWarning = new AtomicLong(System.nanoTime() - FULL_WARNING_INTERVAL_NANOS);
    private final AtomicLong lastTranslationWarning = new AtomicLong(System.nanoTime() - FULL_WARNING_INTERVAL_NANOS);

    private RemoteWriteClient client;
    private ParallelSender sender;
    private SendQueue queue;
    private WriteAheadLog wal;
    private WalSender walSender;
    private volatile boolean started;

    public PrometheusRemoteWriteExporter(CreateSettings settings, PrometheusRemoteWriteConfig config) {
        this.settings = settings;
        this.config = config;
        this.log = settings.logger();
        this.who = settings.describe();
        this.encoder = new RemoteWriteEncoder(config.translationSettings(), config.maxBatchSizeBytes());
        this.telemetry = new ExporterTelemetry(settings.telemetry(), settings.id().toString());
        Attributes l = Attributes.of("exporter", settings.id().toString());
        this.failedTranslations = settings.telemetry().counter(
                "otelcol_exporter_prometheusremotewrite_failed_translations",
                "Number of metrics that could not be translated to Prometheus (e.g. delta temporality).", l);
        this.translatedSeries = settings.telemetry().counter(
                "otelcol_exporter_prometheusremotewrite_translated_time_series",
                "Number of time series produced by the translation.", l);
    }

    @Override
    public void start(Host host) throws Exception {
        client = new RemoteWriteClient(URI.create(config.endpoint()), config.timeout(),
                config.headers(), TlsContexts.build(config.tls().insecureSkipVerify(),
                        config.tls().caFile(), config.tls().certFile(), config.tls().keyFile()));
        PrometheusRemoteWriteConfig.Retry r = config.retryOnFailure();
        RetryingSender retrying = new RetryingSender(client, new RetryingSender.RetrySettings(r.enabled(),
                r.initialInterval(), r.maxInterval(), r.maxElapsedTime(), r.randomizationFactor(), r.multiplier()),
                log, who);
        sender = new ParallelSender(retrying, config.remoteWriteQueue().numConsumers());
        if (config.wal() != null) {
            wal = WriteAheadLog.open(config.wal().directory(), config.wal().bufferSize(), log);
            walSender = new WalSender(wal, sender, config.wal().truncateFrequency(), telemetry, log, who);
            // With a WAL the queue is the log: its size is the unsent records, bounded by the disk only.
            telemetry.queue("metrics", () -> wal.pending(), () -> config.remoteWriteQueue().queueSize());
            walSender.start();
        } else if (config.remoteWriteQueue().enabled()) {
            queue = new SendQueue(config.remoteWriteQueue().queueSize(), sender, telemetry, log, who);
            telemetry.queue("metrics", () -> queue.size(), () -> queue.capacity());
            queue.start();
        }
        started = true;
    }

    @Override
    public void consumeMetrics(MetricBatch batch) {
        if (!started) {
            throw new ConsumerException(who + ": exporter is not started", false);
        }
        RemoteWriteEncoder.Encoded e;
        try {
            e = encoder.encode(batch);
        } finally {
            // The requests hold all this export needs: the batch's metrics are released (the scrape
            // receiver refills them at the target's next scrape). This exporter is the batch's last user.
            batch.release();
        }
        translatedSeries.add(e.series());
        if (e.failedTranslations() > 0) {
            failedTranslations.add(e.failedTranslations());
            warnEvery(lastTranslationWarning, who + ": dropped " + e.droppedPoints() + " data points of "
                    + e.failedMetrics() + ": only cumulative sums and histograms, gauges and summaries are exported "
                    + "(exponential histograms are not supported yet)");
        }
        if (e.bodies().isEmpty()) {
            telemetry.sent(e.points());
            return;
        }
        if (wal != null) {
            try {
                wal.append(e.bodies(), e.points());
            } catch (IOException ex) {
                telemetry.enqueueFailed(e.points());
                throw new ConsumerException(who + ": cannot write to wal " + wal.directory() + ": " + ex.getMessage(),
                        ex, false);
            } finally {
                RequestBody.releaseAll(e.bodies()); // on disk now (or refused): the arrays serve the next push
            }
        } else if (queue != null) {
            if (!queue.offer(new SendQueue.Job(e.bodies(), e.points()))) {
                RequestBody.releaseAll(e.bodies());
                telemetry.enqueueFailed(e.points());
                warnEvery(lastFullWarning, who + ": sending queue is full (" + queue.capacity()
                        + " pushes; the backend is slow or down), dropping data; see "
                        + "otelcol_exporter_enqueue_failed_metric_points, or set wal.directory to buffer on disk");
                throw new ConsumerException(who + ": sending queue is full", true);
            }
        } else {
            sendNow(e);
        }
    }

    private void sendNow(RemoteWriteEncoder.Encoded e) {
        try {
            RetryingSender.Verdict[] v;
            try {
                v = sender.sendAll(e.bodies(), false, () -> !started);
            } finally {
                RequestBody.releaseAll(e.bodies());
            }
            for (RetryingSender.Verdict x : v) {
                if (x != RetryingSender.Verdict.SENT) {
                    telemetry.failed(e.points());
                    throw new ConsumerException(who + ": sending to " + config.endpoint() + " failed (" + x + ")",
                            x != RetryingSender.Verdict.DROPPED_PERMANENT);
                }
            }
            telemetry.sent(e.points());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            telemetry.failed(e.points());
            throw new ConsumerException(who + ": interrupted while sending", ex, true);
        }
    }

    private void warnEvery(AtomicLong last, String message) {
        long now = System.nanoTime();
        long prev = last.get();
        if (now - prev >= FULL_WARNING_INTERVAL_NANOS && last.compareAndSet(prev, now)) {
            log.warning(message);
        }
    }

    @Override
    public void shutdown() throws Exception {
        if (!started) {
            return;
        }
        if (walSender != null) {
            walSender.shutdown(config.timeout().plusSeconds(1));
            wal.close();
        }
        if (queue != null) {
            queue.shutdown(SHUTDOWN_DRAIN);
        }
        started = false;
        if (sender != null) {
            sender.sender().wake();
            sender.close();
        }
        if (client != null) {
            client.close();
        }
    }
}
