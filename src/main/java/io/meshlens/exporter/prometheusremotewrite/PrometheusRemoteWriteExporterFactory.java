package io.meshlens.exporter.prometheusremotewrite;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.ExporterFactory;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigReader;
import io.meshlens.remotewrite.Backoff;
import io.meshlens.remotewrite.RemoteWriteClient;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Type {@code prometheusremotewrite}: metrics to a Prometheus remote-write endpoint (contrib 0.118 defaults). */
public final class PrometheusRemoteWriteExporterFactory implements ExporterFactory<PrometheusRemoteWriteConfig> {
    @Override
    public String type() {
        return "prometheusremotewrite";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public String description() {
        return "Prometheus remote write (protobuf + snappy) with queue, retries and optional WAL";
    }

    @Override
    public PrometheusRemoteWriteConfig parseConfig(ConfigReader r) {
        String endpoint = r.requiredString("endpoint");
        if (!endpoint.isEmpty()) {
            try {
                URI u = new URI(endpoint);
                if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                        || u.getHost() == null) {
                    r.error("endpoint", "endpoint: \"" + endpoint + "\" is not an http(s) URL");
                }
            } catch (java.net.URISyntaxException e) {
                r.error("endpoint", "endpoint: invalid URL \"" + endpoint + "\": " + e.getMessage());
            }
        }
        Map<String, String> headers = r.stringMap("headers");
        headers.forEach((k, v) -> {
            if (!RemoteWriteClient.validHeader(k, v)) {
                r.error("headers", "headers: invalid header \"" + k + "\" (" + RemoteWriteClient.HEADER_RULE + ")");
            }
        });
        Duration timeout = r.duration("timeout", Duration.ofSeconds(5));
        PrometheusRemoteWriteConfig.Tls tls = tls(r.child("tls"));
        String compression = r.string("compression", "");
        if (!compression.isEmpty() && !compression.equals("snappy")) {
            r.error("compression", "compression: remote write always uses snappy; \"" + compression
                    + "\" is not supported");
        }
        // confighttp buffer sizes: accepted for compatibility, the JDK client sizes its own buffers.
        r.integer("write_buffer_size", 512 * 1024);
        r.integer("read_buffer_size", 0);
        if (r.has("auth")) {
            r.raw("auth");
            r.error("auth", "auth: authenticator extensions are not supported; set an Authorization header under "
                    + "headers (e.g. \"Bearer ${env:TOKEN}\")");
        }
        String namespace = r.string("namespace", "");
        Map<String, String> external = r.stringMap("external_labels");
        external.forEach((k, v) -> {
            if (k.isEmpty() || v == null || v.isEmpty()) {
                r.error("external_labels", "external_labels: empty key or value (\"" + k + "\")");
            }
        });
        ConfigReader rtt = r.child("resource_to_telemetry_conversion");
        boolean resourceToTelemetry = rtt.bool("enabled", false);
        rtt.finish();
        ConfigReader ti = r.child("target_info");
        boolean targetInfo = ti.bool("enabled", true);
        ti.finish();
        ConfigReader created = r.child("export_created_metric");
        boolean exportCreated = created.bool("enabled", false);
        created.finish();
        if (exportCreated) {
            r.warning("export_created_metric", "export_created_metric: _created series are not produced by meshlens; "
                    + "the setting is ignored");
        }
        boolean suffixes = r.bool("add_metric_suffixes", true);
        boolean metadata = r.bool("send_metadata", false);
        long maxBatch = r.integer("max_batch_size_bytes", 3_000_000);
        if (maxBatch <= 0 || maxBatch > Integer.MAX_VALUE) {
            r.error("max_batch_size_bytes", "max_batch_size_bytes: must be positive, got " + maxBatch);
            maxBatch = 3_000_000;
        }

        ConfigReader q = r.child("remote_write_queue");
        boolean qEnabled = q.bool("enabled", true);
        int queueSize = q.int32("queue_size", 10_000);
        int consumers = q.int32("num_consumers", 5);
        if (queueSize < 0) {
            q.error("queue_size", "remote_write_queue.queue_size: must be ≥ 0, got " + queueSize);
            queueSize = 10_000;
        }
        if (consumers < 0) {
            q.error("num_consumers", "remote_write_queue.num_consumers: must be ≥ 0, got " + consumers);
            consumers = 5;
        }
        q.finish();

        ConfigReader rt = r.child("retry_on_failure");
        PrometheusRemoteWriteConfig.Retry retry = new PrometheusRemoteWriteConfig.Retry(rt.bool("enabled", true),
                rt.duration("initial_interval", Duration.ofMillis(50)),
                rt.duration("max_interval", Duration.ofMillis(200)),
                rt.duration("max_elapsed_time", Duration.ofMinutes(1)),
                rt.number("randomization_factor", Backoff.DEFAULT_RANDOMIZATION),
                rt.number("multiplier", Backoff.DEFAULT_MULTIPLIER));
        if (retry.randomizationFactor() < 0 || retry.randomizationFactor() > 1 || retry.multiplier() < 1) {
            rt.error("retry_on_failure: randomization_factor must be within [0, 1] and multiplier ≥ 1");
        }
        rt.finish();

        PrometheusRemoteWriteConfig.Wal wal = null;
        if (r.has("wal")) {
            ConfigReader w = r.child("wal");
            String dir = w.string("directory", "");
            int bufferSize = w.int32("buffer_size", 300);
            Duration truncate = w.duration("truncate_frequency", Duration.ofMinutes(1));
            if (dir.isEmpty()) {
                w.error("directory", "wal.directory: must be set when wal is configured");
            }
            if (bufferSize <= 0) {
                w.error("buffer_size", "wal.buffer_size: must be positive, got " + bufferSize);
                bufferSize = 300;
            }
            w.finish();
            wal = dir.isEmpty() ? null : new PrometheusRemoteWriteConfig.Wal(Path.of(dir), bufferSize, truncate);
        } else {
            r.ignore("wal");
        }
        r.finish();
        return new PrometheusRemoteWriteConfig(endpoint, headers, timeout, tls, namespace, external,
                resourceToTelemetry, targetInfo, exportCreated, suffixes, metadata, (int) maxBatch,
                new PrometheusRemoteWriteConfig.Queue(qEnabled, queueSize, consumers), retry, wal);
    }

    private static PrometheusRemoteWriteConfig.Tls tls(ConfigReader t) {
        boolean insecure = t.bool("insecure", false);
        boolean skip = t.bool("insecure_skip_verify", false);
        String ca = t.string("ca_file", "");
        String cert = t.string("cert_file", "");
        String key = t.string("key_file", "");
        if (cert.isEmpty() != key.isEmpty()) {
            t.error("tls: cert_file and key_file must be set together");
        }
        t.finish();
        return new PrometheusRemoteWriteConfig.Tls(insecure, skip, ca.isEmpty() ? null : Path.of(ca),
                cert.isEmpty() ? null : Path.of(cert), key.isEmpty() ? null : Path.of(key));
    }

    @Override
    public Exporter create(CreateSettings settings, PrometheusRemoteWriteConfig config) {
        return new PrometheusRemoteWriteExporter(settings, config);
    }
}
