package io.meshlens.exporter.otlphttp;

import io.meshlens.config.ConfigReader;
import io.meshlens.exporter.helper.QueueSettings;
import io.meshlens.exporter.helper.RetrySettings;

import java.time.Duration;
import java.util.Map;

/** Config of the {@code otlphttp} exporter (Collector keys and defaults). */
public record OtlpHttpExporterConfig(String metricsEndpoint, String tracesEndpoint, Map<String, String> headers,
                                     String compression, String encoding, Duration timeout, QueueSettings queue,
                                     RetrySettings retry) {
    static OtlpHttpExporterConfig parse(ConfigReader r) {
        String base = r.string("endpoint", "");
        String metrics = r.string("metrics_endpoint", "");
        String traces = r.string("traces_endpoint", "");
        if (base.isEmpty() && (metrics.isEmpty() || traces.isEmpty())) {
            if (metrics.isEmpty() && traces.isEmpty()) {
                r.error("endpoint", "at least one endpoint must be specified");
            }
        }
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        if (metrics.isEmpty() && !base.isEmpty()) {
            metrics = trimmed + "/v1/metrics";
        }
        if (traces.isEmpty() && !base.isEmpty()) {
            traces = trimmed + "/v1/traces";
        }
        for (String u : new String[] {metrics, traces}) {
            if (!u.isEmpty() && !u.startsWith("http://") && !u.startsWith("https://")) {
                r.error("endpoint", "invalid endpoint \"" + u + "\": must start with http:// or https://");
            }
        }
        OtlpHttpExporterConfig c = new OtlpHttpExporterConfig(metrics, traces, r.stringMap("headers"),
                r.oneOf("compression", "gzip", "gzip", "none", ""), r.oneOf("encoding", "proto", "proto", "json"),
                r.duration("timeout", Duration.ofSeconds(30)),
                QueueSettings.parse(r.child("sending_queue"), QueueSettings.DEFAULT),
                RetrySettings.parse(r.child("retry_on_failure"), RetrySettings.DEFAULT));
        r.ignore("logs_endpoint", "tls", "auth", "read_buffer_size", "write_buffer_size", "max_idle_conns",
                "idle_conn_timeout", "disable_keep_alives", "http2_read_idle_timeout", "http2_ping_timeout");
        r.finish();
        return c;
    }
}
