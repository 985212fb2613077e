package io.meshlens.exporter.prometheus;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.ExporterFactory;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigReader;
import io.meshlens.otlp.Endpoints;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/** Type {@code prometheus}: serves the latest value of every series on {@code /metrics} (contrib 0.118 defaults). */
public final class PrometheusExporterFactory implements ExporterFactory<PrometheusExporterConfig> {
    @Override
    public String type() {
        return "prometheus";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public String description() {
        return "serves received metrics on a Prometheus /metrics page (text 0.0.4 or OpenMetrics)";
    }

    @Override
    public PrometheusExporterConfig parseConfig(ConfigReader r) {
        String endpoint = r.requiredString("endpoint");
        if (!endpoint.isEmpty()) {
            try {
                Endpoints.parse(endpoint);
            } catch (IllegalArgumentException e) {
                r.error("endpoint", e.getMessage());
            }
        }
        if (r.has("tls")) {
            r.raw("tls");
            r.error("tls", "tls: serving /metrics over TLS is not supported by meshlens");
        }
        String namespace = r.string("namespace", "");
        Map<String, String> constLabels = r.stringMap("const_labels");
        boolean sendTimestamps = r.bool("send_timestamps", false);
        Duration expiration = r.duration("metric_expiration", Duration.ofMinutes(5));
        if (expiration.isNegative() || expiration.isZero()) {
            r.error("metric_expiration", "metric_expiration: must be positive, got " + expiration);
            expiration = Duration.ofMinutes(5);
        }
        ConfigReader rtt = r.child("resource_to_telemetry_conversion");
        boolean resourceToTelemetry = rtt.bool("enabled", false);
        rtt.finish();
        boolean openMetrics = r.bool("enable_open_metrics", false);
        boolean suffixes = r.bool("add_metric_suffixes", true);
        r.finish();
        return new PrometheusExporterConfig(endpoint, namespace, constLabels, sendTimestamps, expiration,
                resourceToTelemetry, openMetrics, suffixes);
    }

    @Override
    public Exporter create(CreateSettings settings, PrometheusExporterConfig config) {
        return new PrometheusExporter(settings, config);
    }
}
