package io.meshlens.receiver.otlp;

import io.meshlens.config.ConfigReader;

/**
 * Config of the {@code otlp} receiver. A protocol is enabled by naming it under {@code protocols}
 * (an empty value enables it with defaults), as in the Collector.
 */
public record OtlpReceiverConfig(Grpc grpc, Http http) {
    /** {@code protocols.grpc}; null when not enabled. */
    public record Grpc(String endpoint, int maxRecvMsgSizeMib) {
    }

    /** {@code protocols.http}; null when not enabled. */
    public record Http(String endpoint, String metricsUrlPath, String tracesUrlPath) {
    }

    static OtlpReceiverConfig parse(ConfigReader r) {
        ConfigReader protocols = r.child("protocols");
        Grpc grpc = null;
        Http http = null;
        if (protocols.keys().contains("grpc")) {
            ConfigReader g = protocols.child("grpc");
            grpc = new Grpc(g.string("endpoint", "localhost:4317"), g.int32("max_recv_msg_size_mib", 4));
            g.ignore("transport", "keepalive", "tls", "max_concurrent_streams", "read_buffer_size",
                    "write_buffer_size", "auth", "include_metadata");
            g.finish();
        }
        if (protocols.keys().contains("http")) {
            ConfigReader h = protocols.child("http");
            http = new Http(h.string("endpoint", "localhost:4318"), path(h, "metrics_url_path", "/v1/metrics"),
                    path(h, "traces_url_path", "/v1/traces"));
            h.ignore("logs_url_path", "cors", "tls", "auth", "include_metadata", "max_request_body_size");
            h.finish();
        }
        protocols.finish();
        if (grpc == null && http == null) {
            r.error("protocols", "must specify at least one protocol when using the OTLP receiver");
        }
        r.finish();
        return new OtlpReceiverConfig(grpc, http);
    }

    private static String path(ConfigReader r, String key, String def) {
        String p = r.string(key, def);
        return p.startsWith("/") ? p : "/" + p;
    }
}
