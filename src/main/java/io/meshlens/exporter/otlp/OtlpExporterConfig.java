package io.meshlens.exporter.otlp;

import io.meshlens.config.ConfigReader;
import io.meshlens.exporter.helper.QueueSettings;
import io.meshlens.exporter.helper.RetrySettings;

import java.time.Duration;
import java.util.Map;

/** Config of the {@code otlp} (gRPC) exporter. */
public record OtlpExporterConfig(String endpoint, boolean insecure, Map<String, String> headers, String compression,
                                 Duration timeout, QueueSettings queue, RetrySettings retry) {
    static OtlpExporterConfig parse(ConfigReader r) {
        String endpoint = r.requiredString("endpoint");
        ConfigReader tls = r.child("tls");
        boolean insecure = tls.bool("insecure", false);
        tls.ignore("insecure_skip_verify", "ca_file", "cert_file", "key_file", "server_name_override");
        tls.finish();
        OtlpExporterConfig c = new OtlpExporterConfig(endpoint, insecure, r.stringMap("headers"),
                r.oneOf("compression", "gzip", "gzip", "none", ""), r.duration("timeout", Duration.ofSeconds(5)),
                QueueSettings.parse(r.child("sending_queue"), QueueSettings.DEFAULT),
                RetrySettings.parse(r.child("retry_on_failure"), RetrySettings.DEFAULT));
        r.ignore("balancer_name", "keepalive", "auth", "wait_for_ready", "read_buffer_size", "write_buffer_size");
        r.finish();
        return c;
    }
}
