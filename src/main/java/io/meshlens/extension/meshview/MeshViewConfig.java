package io.meshlens.extension.meshview;

import java.time.Duration;

/**
 * Config of the {@code meshview} extension.
 *
 * @param endpoint        listen address host:port of the page and JSON API
 * @param meshDatasource  Prometheus-API base URL holding the mesh series ({@code layer="mesh"}), e.g. VictoriaMetrics
 * @param appDatasource   Prometheus-API base URL holding the app series, e.g. the OTel demo's Prometheus
 * @param refreshInterval how often the page refreshes
 * @param window          the range of {@code rate()} / {@code increase()} (like {@code linkerd viz stat -t})
 * @param traceUiUrl      link template with {@code {trace_id}}, or empty for no links
 * @param maxSpans        error spans kept for the root-cause view
 * @param latency         the mesh-vs-app latency comparison
 */
public record MeshViewConfig(String endpoint, String meshDatasource, String appDatasource, Duration refreshInterval,
                             Duration window, String traceUiUrl, int maxSpans, Latency latency) {
    public static final MeshViewConfig DEFAULT = new MeshViewConfig("127.0.0.1:9464", "http://127.0.0.1:8428",
            "http://127.0.0.1:9090", Duration.ofSeconds(10), Duration.ofMinutes(1), "", 1000, Latency.DEFAULT);

    /**
     * @param appMetric  app histogram (seconds) compared with the mesh's {@code response_latency_ms}, without {@code _bucket}
     * @param deployment the deployment whose mesh p99 the gap is computed against
     * @param range      how far back the chart goes
     */
    public record Latency(String appMetric, String deployment, Duration range) {
        public static final Latency DEFAULT = new Latency("app_cart_add_item_latency_seconds", "cart",
                Duration.ofMinutes(30));
    }
}
