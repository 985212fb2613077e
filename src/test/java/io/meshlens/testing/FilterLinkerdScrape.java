package io.meshlens.testing;

import io.meshlens.model.Attributes;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.Temporality;

import java.util.ArrayList;
import java.util.List;

/**
 * A MetricBatch shaped as the Collector's Prometheus receiver (contrib 0.118) hands over one scrape
 * of a Linkerd proxy's :4191/metrics (edge-26.x, no ServiceProfiles, so no route_* families):
 * counters keep their {@code _total} sample name, histograms go by base name, the
 * prometheus-client half (whose 0.0.4 TYPE lines name the base, so metadata does not match the
 * {@code _total} samples) arrives as gauges under the sample name, and the five synthetic scrape
 * series are gauges. One resource per target (service.name = job, service.instance.id = instance),
 * the receiver's default scope. Family names from design/reference/linkerd-proxy-metrics.md §4.
 */
public final class FilterLinkerdScrape {
    /** Histogram bounds of the legacy latency histograms (26 le values with +Inf). */
    public static final double[] LATENCY_BOUNDS = {1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1000,
            2000, 3000, 4000, 5000, 10000, 20000, 30000, 40000, 50000};

    public static final List<String> SYNTHETIC = List.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");

    /** Legacy-block counters (Sum, monotonic, cumulative), names as the receiver gives them. */
    public static final List<String> LEGACY_COUNTERS = List.of(
            "inbound_http_authz_allow_total", "inbound_http_authz_deny_total", "inbound_http_route_not_found_total",
            "inbound_http_local_ratelimit_total", "inbound_http_errors_total", "inbound_tcp_authz_allow_total",
            "inbound_tcp_authz_deny_total", "inbound_tcp_authz_terminate_total", "inbound_tcp_errors_total",
            "outbound_http_errors_total", "outbound_tcp_errors_total", "request_total", "response_total",
            "control_request_total", "control_response_total", "tcp_open_total", "tcp_read_bytes_total",
            "tcp_write_bytes_total", "tcp_close_total", "opentelemetry_span_export_streams",
            "opentelemetry_span_export_requests", "opentelemetry_span_exports", "stack_create_total",
            "stack_drop_total", "stack_poll_total", "stack_poll_total_ms");

    public static final List<String> LEGACY_HISTOGRAMS = List.of("response_latency_ms", "control_response_latency_ms");

    public static final List<String> LEGACY_GAUGES = List.of("tcp_open_connections");

    /** A sample of the prometheus-client block (arrives as untyped → Gauge). */
    public static final List<String> CLIENT_GAUGES = clientFamilies();

    /** Histograms of the prometheus-client block (their TYPE lines match the base name). */
    public static final List<String> CLIENT_HISTOGRAMS = List.of(
            "inbound_tcp_detect_http_duration_seconds", "inbound_http_request_duration_seconds",
            "inbound_http_response_duration_seconds", "outbound_http_route_request_duration_seconds",
            "outbound_http_route_backend_response_duration_seconds", "outbound_grpc_route_request_duration_seconds",
            "outbound_http_balancer_queue_latency_seconds", "control_destination_balancer_queue_latency_seconds",
            "control_policy_balancer_queue_latency_seconds", "control_identity_balancer_queue_latency_seconds");

    private FilterLinkerdScrape() {
    }

    private static List<String> clientFamilies() {
        List<String> out = new ArrayList<>(List.of(
                "tokio_rt_workers", "tokio_rt_injection_queue_depth", "tokio_rt_local_queue_depth",
                "tokio_rt_park_total", "tokio_rt_noop_total", "tokio_rt_steal_total",
                "tokio_rt_steal_operations_total", "tokio_rt_remote_schedule_total", "tokio_rt_local_schedule_total",
                "tokio_rt_overflow_total", "tokio_rt_polls_total", "tokio_rt_budget_forced_yield_total",
                "tokio_rt_io_driver_ready_total", "tokio_rt_busy_seconds_total",
                "control_dns_resolutions_total", "control_identity_cert_expiration_timestamp_seconds",
                "control_identity_cert_refresh_timestamp_seconds", "control_identity_cert_refreshes_total",
                "inbound_tcp_detect_http_results_total", "inbound_tcp_transport_header_connections_total",
                "inbound_http_requests_total", "inbound_http_statuses_total", "inbound_grpc_requests_total",
                "inbound_grpc_statuses_total", "outbound_tcp_protocol_connections_total",
                "outbound_tcp_detect_http_results_total", "outbound_http_route_backend_requests_total",
                "outbound_http_route_backend_response_statuses_total", "outbound_http_route_request_statuses_total",
                "outbound_http_route_retry_requests_total", "outbound_grpc_route_backend_requests_total",
                "outbound_grpc_route_request_statuses_total", "outbound_tcp_route_open_total",
                "outbound_tcp_route_close_total", "outbound_tcp_transfer_cost_bytes_total",
                "outbound_tls_route_open_total", "outbound_tls_route_close_total",
                "process_start_time_seconds", "process_clock_time_seconds", "process_uptime_seconds_total",
                "process_cpu_seconds_total", "process_virtual_memory_bytes", "process_resident_memory_bytes",
                "process_open_fds", "process_max_fds", "process_network_receive_bytes_total",
                "process_network_transmit_bytes_total", "process_threads", "proxy_build_info", "rustls_info"));
        for (String p : List.of("control_identity", "control_destination", "control_policy", "outbound_http",
                "outbound_tcp", "outbound_tls")) {
            for (String s : List.of("p2c_endpoints", "p2c_updates_total", "queue_length", "queue_requests_total",
                    "queue_gate_open_total", "queue_gate_shut_total", "queue_gate_open_time_seconds",
                    "queue_gate_shut_time_seconds", "queue_gate_timeout_seconds", "endpoints")) {
                out.add(p + "_balancer_" + s);
            }
        }
        return List.copyOf(out);
    }

    /** Every metric name in the batch. */
    public static List<String> allNames() {
        List<String> all = new ArrayList<>();
        all.addAll(LEGACY_COUNTERS);
        all.addAll(LEGACY_HISTOGRAMS);
        all.addAll(LEGACY_GAUGES);
        all.addAll(CLIENT_GAUGES);
        all.addAll(CLIENT_HISTOGRAMS);
        all.addAll(SYNTHETIC);
        return all;
    }

    /** One scrape of {@code pods} proxies, {@code seriesPerFamily} label sets per family. */
    public static MetricBatch batch(int pods, int seriesPerFamily) {
        MetricBatch b = new MetricBatch();
        long t = 1_750_000_000_000_000_000L;
        for (int pod = 0; pod < pods; pod++) {
            String instance = "10.42.0." + (10 + pod) + ":4191";
            ResourceMetrics rm = b.addResource(Attributes.of("service.name", "linkerd-mesh",
                    "service.instance.id", instance, "server.address", "10.42.0." + (10 + pod),
                    "server.port", "4191", "url.scheme", "http", "k8s.pod.name", "pod-" + pod,
                    "k8s.namespace.name", "otel-demo"));
            ScopeMetrics sm = rm.addScope(new Scope(
                    "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/prometheusreceiver",
                    "0.118.0", Attributes.EMPTY));
            for (String name : LEGACY_COUNTERS) {
                sm.metrics().add(Metric.sum(name, "", "", Temporality.CUMULATIVE, true,
                        numbers(seriesPerFamily, t, "outbound")));
            }
            for (String name : LEGACY_HISTOGRAMS) {
                sm.metrics().add(Metric.histogram(name, "", "", Temporality.CUMULATIVE,
                        histograms(seriesPerFamily, t, LATENCY_BOUNDS)));
            }
            for (String name : LEGACY_GAUGES) {
                sm.metrics().add(Metric.gauge(name, "", "", numbers(seriesPerFamily, t, "inbound")));
            }
            for (String name : CLIENT_GAUGES) {
                sm.metrics().add(Metric.gauge(name, "", "", numbers(1, t, "")));
            }
            for (String name : CLIENT_HISTOGRAMS) {
                sm.metrics().add(Metric.histogram(name, "", "", Temporality.CUMULATIVE,
                        histograms(1, t, new double[]{0.05, 0.5, 1.0, 10.0})));
            }
            for (String name : SYNTHETIC) {
                sm.metrics().add(Metric.gauge(name, "", name.equals("scrape_duration_seconds") ? "seconds" : "",
                        numbers(1, t, "")));
            }
        }
        return b;
    }

    private static NumberPoints numbers(int n, long t, String direction) {
        NumberPoints p = new NumberPoints(n);
        for (int i = 0; i < n; i++) {
            Attributes a = direction.isEmpty() ? Attributes.EMPTY
                    : Attributes.of("direction", direction, "dst_service", "svc-" + i, "status_code", "200",
                    "classification", i % 7 == 0 ? "failure" : "success", "tls", "true");
            p.addDouble(a, t - 60_000_000_000L, t, 10 + i, 0);
        }
        return p;
    }

    private static HistogramPoints histograms(int n, long t, double[] bounds) {
        HistogramPoints h = new HistogramPoints(n);
        for (int i = 0; i < n; i++) {
            long[] counts = new long[bounds.length + 1];
            counts[i % counts.length] = 3;
            h.add(Attributes.of("direction", "inbound", "route_name", "r" + i), t - 60_000_000_000L, t, 3, 42.0,
                    bounds, counts, HistogramPoints.FLAG_HAS_SUM);
        }
        return h;
    }
}
