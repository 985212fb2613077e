package io.meshlens.textparse;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Renders what a busy linkerd2-proxy (edge-26.x) prints at {@code GET :4191/metrics}: the legacy
 * block (hand-written 0.0.4 text; empty families left out; {@code le} last, whole-number values)
 * followed by the prometheus-client block (HELP with a period, {@code # UNIT}, counters
 * {@code _total} under a base-name TYPE, histograms {@code _sum}, {@code _count}, then buckets
 * with {@code le} first, empty families as bare headers) and the {@code # EOF} trailer. Family
 * names, label keys and order, and buckets follow
 * {@code shared/design/reference/linkerd-proxy-metrics.md} §1–§4; label values are invented.
 *
 * <p>Deterministic for given {@link Params}: {@code render(n)} always has the same series;
 * counters grow with the scrape number {@code n}, gauges do not. With {@link Params#busyPod()}
 * it prints 163 families (21 legacy + 142 prometheus-client), as the seed's proxy did.
 */
public final class LinkerdExposition {

    /**
     * @param inboundPeers           meshed client workloads calling this pod
     * @param outboundDestinations   services this pod calls (every third one speaks gRPC)
     * @param endpointsPerDestination pods behind each destination service
     */
    public record Params(String podName, String namespace, String podIp, int inboundPeers,
                         int outboundDestinations, int endpointsPerDestination, long seed) {
        public Params {
            if (inboundPeers < 0 || outboundDestinations < 0 || endpointsPerDestination < 1) {
                throw new IllegalArgumentException("peers/destinations >= 0, endpoints >= 1");
            }
        }

        /** A busy web pod: 6 callers, 4 destinations of 3 pods each (≈1.6k series). */
        public static Params busyPod() {
            return new Params("web-7d9f8c6b5-x2k4q", "emojivoto", "10.42.0.21", 6, 4, 3, 42);
        }
    }

    static final String[] LEGACY_LE = {"1", "2", "3", "4", "5", "10", "20", "30", "40", "50", "100", "200", "300",
        "400", "500", "1000", "2000", "3000", "4000", "5000", "10000", "20000", "30000", "40000", "50000", "+Inf"};
    private static final double[] LEGACY_BOUNDS = {1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500,
        1000, 2000, 3000, 4000, 5000, 10000, 20000, 30000, 40000, 50000};
    private static final double[] ROUTE_REQUEST_BUCKETS = {0.05, 0.5, 1.0, 10.0};
    private static final double[] ROUTE_RESPONSE_BUCKETS = {0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 10.0};
    private static final double[] FRAME_BUCKETS = {128, 1024, 10240};
    private static final double[] QUEUE_BUCKETS = {0.0005, 0.005, 0.05, 0.5, 1.0, 3.0};
    private static final double[] DETECT_BUCKETS = {0.001, 0.1};
    private static final String[] PEER_NAMES = {"vote-bot", "gateway", "frontend", "api", "worker", "loadgen",
        "checkout", "search", "cart", "ads"};
    private static final String[] DEST_NAMES = {"voting-svc", "emoji-svc", "ads-svc", "catalog-svc", "cart-svc",
        "payments-svc", "users-svc", "search-svc"};
    private static final String CONTROL_NS = "linkerd";

    private final Params p;
    private final String workload;
    private final List<Peer> peers = new ArrayList<>();
    private final List<Dest> dests = new ArrayList<>();

    private record Peer(String name, String identity) {
    }

    private record Endpoint(String ip, String pod, String hash) {
    }

    private record Dest(String service, boolean grpc, String clusterIp, List<Endpoint> endpoints) {
        String authority(String ns) {
            return service + "." + ns + ".svc.cluster.local:8080";
        }

        String workload() {
            return service.substring(0, service.length() - 4);
        }
    }

    public LinkerdExposition(Params params) {
        this.p = params;
        int dash = params.podName().lastIndexOf('-', params.podName().lastIndexOf('-') - 1);
        this.workload = dash > 0 ? params.podName().substring(0, dash) : params.podName();
        Random r = new Random(params.seed());
        for (int i = 0; i < params.inboundPeers(); i++) {
            String name = PEER_NAMES[i % PEER_NAMES.length] + (i >= PEER_NAMES.length ? "-" + i : "");
            peers.add(new Peer(name, identity(name, params.namespace())));
        }
        for (int j = 0; j < params.outboundDestinations(); j++) {
            String svc = DEST_NAMES[j % DEST_NAMES.length].replace("-svc", (j >= DEST_NAMES.length ? "-" + j : "") + "-svc");
            String hash = hex(r, 9);
            List<Endpoint> eps = new ArrayList<>();
            for (int k = 0; k < params.endpointsPerDestination(); k++) {
                String ip = "10.42." + (1 + r.nextInt(3)) + "." + (2 + r.nextInt(250));
                String dw = svc.substring(0, svc.length() - 4);
                eps.add(new Endpoint(ip, dw + "-" + hash + "-" + alnum(r, 5), hash));
            }
            dests.add(new Dest(svc, j % 3 == 2, "10.96." + r.nextInt(256) + "." + (1 + r.nextInt(254)), eps));
        }
    }

    public Params params() {
        return p;
    }

    /** The body of the {@code n}-th scrape (n >= 0). */
    public String render(int n) {
        return new Renderer(n).render();
    }

    public byte[] renderBytes(int n) {
        return render(n).getBytes(StandardCharsets.UTF_8);
    }

    private static String identity(String sa, String ns) {
        return sa + "." + ns + ".serviceaccount.identity.linkerd.cluster.local";
    }

    private static String hex(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("0123456789abcdef".charAt(r.nextInt(16)));
        }
        return sb.toString();
    }

    private static String alnum(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append("bcdfghjklmnpqrstvwxz2456789".charAt(r.nextInt(27)));
        }
        return sb.toString();
    }

    /** One scrape's worth of output; draws values from a fresh Random so the series set never changes. */
    private final class Renderer {
        private final StringBuilder out = new StringBuilder(1 << 20);
        private final Random r = new Random(p.seed() * 31 + 7);
        private final int scrape;

        Renderer(int scrape) {
            this.scrape = scrape;
        }

        /** A counter value: a per-series rate times the scrapes so far. */
        long counter(int maxRate) {
            return (long) (1 + r.nextInt(Math.max(1, maxRate))) * (scrape + 1);
        }

        String render() {
            legacy();
            prometheusClient();
            return out.toString();
        }

        // ---------------- legacy block ----------------

        void legacy() {
            String app = p.podIp() + ":8080";
            legacyHeader("inbound_http_authz_allow_total", "The total number of inbound HTTP requests that were authorized", "counter");
            for (Peer peer : peers) {
                line("inbound_http_authz_allow_total", inboundTarget(8080) + "," + appPolicy() + "," + tlsAccept(peer), counter(500));
            }
            line("inbound_http_authz_allow_total", inboundTarget(4191) + "," + adminPolicy() + "," + plainAccept(), counter(30));
            legacyHeader("inbound_http_errors_total", "The total number of inbound HTTP requests that could not be processed due to a proxy error.", "counter");
            line("inbound_http_errors_total", "error=\"unexpected\"," + inboundTarget(8080) + "," + appServer(), counter(2));
            line("inbound_http_errors_total", "error=\"i/o\"," + inboundTarget(8080) + "," + appServer(), counter(3));
            legacyHeader("inbound_tcp_authz_allow_total", "The total number of inbound TCP connections that were authorized", "counter");
            for (Peer peer : peers) {
                line("inbound_tcp_authz_allow_total", inboundTarget(8080) + "," + appServer() + ",authz_group=\"policy.linkerd.io\",authz_kind=\"authorizationpolicy\",authz_name=\"" + workload + "-authn\"," + tlsAccept(peer), counter(20));
            }
            line("inbound_tcp_authz_allow_total", inboundTarget(4191) + "," + adminServer() + ",authz_group=\"\",authz_kind=\"default\",authz_name=\"all-unauthenticated\"," + plainAccept(), counter(5));

            // request_total, response_latency_ms, response_total
            List<String> inbound = new ArrayList<>();
            for (Peer peer : peers) {
                inbound.add("direction=\"inbound\"," + inboundTarget(8080) + "," + tlsAccept(peer) + "," + appPolicy());
            }
            inbound.add("direction=\"inbound\"," + inboundTarget(4191) + "," + plainAccept() + "," + adminPolicy());
            List<String> outbound = new ArrayList<>();
            List<Dest> outboundDest = new ArrayList<>();
            for (Dest d : dests) {
                for (Endpoint e : d.endpoints()) {
                    outbound.add("direction=\"outbound\",authority=\"" + d.authority(p.namespace()) + "\"," + target(e.ip(), 8080)
                            + ",tls=\"true\",server_id=\"" + identity(d.workload(), p.namespace()) + "\"," + dstLabels(d, e));
                    outboundDest.add(d);
                }
            }
            legacyHeader("request_total", "Total count of HTTP requests.", "counter");
            for (String e : inbound) {
                line("request_total", e, counter(400));
            }
            for (String e : outbound) {
                line("request_total", e, counter(300));
            }
            legacyHeader("response_latency_ms", "Elapsed times between a request's headers being received and its response stream completing", "histogram");
            for (int i = 0; i < inbound.size(); i++) {
                legacyHistogram("response_latency_ms", inbound.get(i) + ",status_code=\"200\"", counter(400), 3 + r.nextInt(40));
                if (i % 3 == 0) {
                    legacyHistogram("response_latency_ms", inbound.get(i) + ",status_code=\"500\"", counter(5), 2 + r.nextInt(10));
                }
            }
            for (String e : outbound) {
                legacyHistogram("response_latency_ms", e + ",status_code=\"200\"", counter(300), 2 + r.nextInt(30));
            }
            legacyHeader("response_total", "Total count of HTTP responses.", "counter");
            for (int i = 0; i < inbound.size(); i++) {
                line("response_total", inbound.get(i) + ",status_code=\"200\",classification=\"success\",grpc_status=\"\",error=\"\"", counter(400));
                if (i % 3 == 0) {
                    line("response_total", inbound.get(i) + ",status_code=\"500\",classification=\"failure\",grpc_status=\"\",error=\"\"", counter(5));
                }
            }
            for (int i = 0; i < outbound.size(); i++) {
                String e = outbound.get(i);
                if (outboundDest.get(i).grpc()) {
                    line("response_total", e + ",status_code=\"200\",classification=\"success\",grpc_status=\"0\",error=\"\"", counter(300));
                    // The hidden failure: HTTP 200 carrying gRPC UNAVAILABLE.
                    line("response_total", e + ",status_code=\"200\",classification=\"failure\",grpc_status=\"14\",error=\"\"", counter(15));
                } else {
                    line("response_total", e + ",status_code=\"200\",classification=\"success\",grpc_status=\"\",error=\"\"", counter(300));
                }
            }

            String[][] control = {
                {"linkerd-dst-headless." + CONTROL_NS + ".svc.cluster.local:8086", "linkerd-destination"},
                {"linkerd-policy." + CONTROL_NS + ".svc.cluster.local:8090", "linkerd-destination"},
                {"linkerd-identity-headless." + CONTROL_NS + ".svc.cluster.local:8080", "linkerd-identity"},
            };
            legacyHeader("control_request_total", "Total count of HTTP requests.", "counter");
            for (String[] c : control) {
                line("control_request_total", controlLabels(c), counter(3));
            }
            legacyHeader("control_response_latency_ms", "Elapsed times between a request's headers being received and its response stream completing", "histogram");
            for (String[] c : control) {
                legacyHistogram("control_response_latency_ms", controlLabels(c) + ",status_code=\"200\"", counter(3), 1 + r.nextInt(5));
            }
            legacyHeader("control_response_total", "Total count of HTTP responses.", "counter");
            for (String[] c : control) {
                line("control_response_total", controlLabels(c) + ",status_code=\"200\",classification=\"success\",grpc_status=\"0\",error=\"\"", counter(3));
            }

            List<String> transports = new ArrayList<>();
            for (Peer peer : peers) {
                transports.add("direction=\"inbound\",peer=\"src\"," + inboundTarget(8080) + "," + tlsAccept(peer) + "," + appServer());
            }
            transports.add("direction=\"inbound\",peer=\"src\"," + inboundTarget(4191) + "," + plainAccept() + "," + adminServer());
            transports.add("direction=\"inbound\",peer=\"dst\",tls=\"no_identity\",no_tls_reason=\"loopback\"");
            for (Dest d : dests) {
                transports.add("direction=\"outbound\",peer=\"src\"," + target(d.clusterIp(), 8080) + ",tls=\"no_identity\",no_tls_reason=\"loopback\"");
            }
            for (Dest d : dests) {
                for (Endpoint e : d.endpoints()) {
                    transports.add("direction=\"outbound\",peer=\"dst\",authority=\"" + d.authority(p.namespace()) + "\"," + target(e.ip(), 8080)
                            + ",tls=\"true\",server_id=\"" + identity(d.workload(), p.namespace()) + "\"," + dstLabels(d, e));
                }
            }
            for (String[] c : control) {
                transports.add("direction=\"outbound\",peer=\"dst\"," + target("10.42.9." + (c[0].length() % 200), Integer.parseInt(c[0].substring(c[0].lastIndexOf(':') + 1)))
                        + ",tls=\"true\",server_id=\"" + identity(c[1], CONTROL_NS) + "\"");
            }
            legacyHeader("tcp_open_total", "Total count of opened connections", "counter");
            for (String t : transports) {
                line("tcp_open_total", t, counter(40));
            }
            legacyHeader("tcp_open_connections", "Number of currently-open connections", "gauge");
            for (String t : transports) {
                line("tcp_open_connections", t, r.nextInt(8));
            }
            legacyHeader("tcp_read_bytes_total", "Total count of bytes read from peers", "counter");
            for (String t : transports) {
                line("tcp_read_bytes_total", t, counter(2_000_000));
            }
            legacyHeader("tcp_write_bytes_total", "Total count of bytes written to peers", "counter");
            for (String t : transports) {
                line("tcp_write_bytes_total", t, counter(2_000_000));
            }
            legacyHeader("tcp_close_total", "Total count of closed connections", "counter");
            for (String t : transports) {
                line("tcp_close_total", t + ",errno=\"\"", counter(40));
            }
            line("tcp_close_total", transports.get(0) + ",errno=\"ECONNRESET\"", counter(2));

            legacyHeader("opentelemetry_span_export_streams", "Total count of opened span export streams", "counter");
            out.append("opentelemetry_span_export_streams 0\n");
            legacyHeader("opentelemetry_span_export_requests", "Total count of span export request messages", "counter");
            out.append("opentelemetry_span_export_requests 0\n");
            legacyHeader("opentelemetry_span_exports", "Total count of spans exported", "counter");
            out.append("opentelemetry_span_exports 0\n");

            String[][] stacks = {
                {"inbound", "http", "endpoint"}, {"inbound", "http", "logical"}, {"inbound", "opaq", "endpoint"},
                {"outbound", "http", "endpoint"}, {"outbound", "http", "balance"}, {"outbound", "http", "logical"},
                {"outbound", "http", "forward"}, {"outbound", "opaq", "balance"}, {"outbound", "tls", "logical"},
            };
            for (String fam : new String[] {"stack_create_total", "stack_drop_total"}) {
                legacyHeader(fam, fam.equals("stack_create_total") ? "Total number of services created" : "Total number of services dropped", "counter");
                for (String[] s : stacks) {
                    line(fam, stack(s), counter(10));
                }
            }
            legacyHeader("stack_poll_total", "Total number of times the service has been polled", "counter");
            for (String[] s : stacks) {
                for (String ready : new String[] {"true", "false", "error"}) {
                    line("stack_poll_total", stack(s) + ",ready=\"" + ready + "\"", ready.equals("error") ? 0 : counter(3000));
                }
            }
            legacyHeader("stack_poll_total_ms", "Total time spent polling the service", "counter");
            for (String[] s : stacks) {
                line("stack_poll_total_ms", stack(s), counter(200));
            }
        }

        String stack(String[] s) {
            return "direction=\"" + s[0] + "\",protocol=\"" + s[1] + "\",name=\"" + s[2] + "\"";
        }

        String controlLabels(String[] c) {
            return "addr=\"" + c[0] + "\",tls=\"true\",server_id=\"" + identity(c[1], CONTROL_NS) + "\"";
        }

        String target(String ip, int port) {
            return "target_addr=\"" + ip + ":" + port + "\",target_ip=\"" + ip + "\",target_port=\"" + port + "\"";
        }

        String inboundTarget(int port) {
            return target(p.podIp(), port);
        }

        String tlsAccept(Peer peer) {
            return "tls=\"true\",client_id=\"" + peer.identity() + "\"";
        }

        String plainAccept() {
            return "tls=\"no_identity\",no_tls_reason=\"no_tls_from_remote\"";
        }

        String appServer() {
            return "srv_group=\"policy.linkerd.io\",srv_kind=\"server\",srv_name=\"" + workload + "-http\",srv_port=\"8080\"";
        }

        String adminServer() {
            return "srv_group=\"\",srv_kind=\"default\",srv_name=\"all-unauthenticated\",srv_port=\"4191\"";
        }

        String appPolicy() {
            return appServer() + ",route_group=\"\",route_kind=\"default\",route_name=\"default\""
                    + ",authz_group=\"policy.linkerd.io\",authz_kind=\"authorizationpolicy\",authz_name=\"" + workload + "-authn\"";
        }

        String adminPolicy() {
            return adminServer() + ",route_group=\"\",route_kind=\"default\",route_name=\"probe\""
                    + ",authz_group=\"\",authz_kind=\"default\",authz_name=\"probe\"";
        }

        /** The destination controller's metric labels, prefixed dst_ and sorted by key. */
        String dstLabels(Dest d, Endpoint e) {
            String w = d.workload();
            return "dst_control_plane_ns=\"" + CONTROL_NS + "\",dst_deployment=\"" + w + "\",dst_namespace=\"" + p.namespace()
                    + "\",dst_pod=\"" + e.pod() + "\",dst_pod_template_hash=\"" + e.hash() + "\",dst_service=\"" + d.service()
                    + "\",dst_serviceaccount=\"" + w + "\",dst_zone=\"\",dst_zone_locality=\"unknown\"";
        }

        void legacyHeader(String name, String help, String type) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        }

        void line(String name, String labels, long value) {
            out.append(name).append('{').append(labels).append("} ").append(value).append('\n');
        }

        /** Legacy histogram: buckets with le last, then _count and _sum (whole milliseconds). */
        void legacyHistogram(String name, String labels, long count, int medianMs) {
            long[] cum = cumulative(count, LEGACY_BOUNDS, medianMs);
            for (int i = 0; i < LEGACY_LE.length; i++) {
                out.append(name).append("_bucket{").append(labels).append(",le=\"").append(LEGACY_LE[i]).append("\"} ")
                        .append(cum[i]).append('\n');
            }
            line(name + "_count", labels, count);
            line(name + "_sum", labels, count * medianMs);
        }

        /** Cumulative counts over {@code bounds} (+Inf last) for a log-normal-ish latency around {@code median}. */
        long[] cumulative(long count, double[] bounds, double median) {
            long[] cum = new long[bounds.length + 1];
            for (int i = 0; i < bounds.length; i++) {
                double x = Math.log(bounds[i] / median);
                double f = 1 / (1 + Math.exp(-2.5 * x));
                cum[i] = Math.max(i == 0 ? 0 : cum[i - 1], Math.round(count * f));
            }
            cum[bounds.length] = count;
            for (int i = 0; i < bounds.length; i++) {
                cum[i] = Math.min(cum[i], count);
            }
            return cum;
        }

        // ---------------- prometheus-client block ----------------

        void prometheusClient() {
            tokio();
            control();
            inbound();
            outbound();
            process();
            info();
            out.append("# EOF\n");
        }

        void tokio() {
            String[][] gauges = {
                {"tokio_rt_workers", "The number of worker threads used by the runtime"},
                {"tokio_rt_injection_queue_depth", "The number of tasks currently scheduled in the runtime's injection queue"},
                {"tokio_rt_local_queue_depth", "The total number of tasks currently scheduled in workers' local queues"},
            };
            for (String[] g : gauges) {
                header(g[0], g[1], "gauge", null);
                plain(g[0], g[0].endsWith("workers") ? 2 : r.nextInt(4));
            }
            String[][] counters = {
                {"tokio_rt_park", "Total number of times worker threads parked"},
                {"tokio_rt_noop", "Total number of times worker threads unparked and parked again without doing any work"},
                {"tokio_rt_steal", "Total number of tasks stolen between worker threads"},
                {"tokio_rt_steal_operations", "Total number of times worker threads stole tasks from another worker thread"},
                {"tokio_rt_remote_schedule", "Total number of tasks scheduled from outside the runtime"},
                {"tokio_rt_local_schedule", "Total number of tasks scheduled from worker threads"},
                {"tokio_rt_overflow", "Total number of times worker threads saturated their local queues"},
                {"tokio_rt_polls", "Total number of tasks polled"},
                {"tokio_rt_budget_forced_yield", "Total number of times tasks were forced to yield after exhausting their budgets"},
                {"tokio_rt_io_driver_ready", "Total number of ready events processed by the I/O driver"},
            };
            for (String[] c : counters) {
                header(c[0], c[1], "counter", null);
                plain(c[0] + "_total", counter(50_000));
            }
            header("tokio_rt_busy_seconds", "Total duration of time when worker threads were busy processing tasks", "counter", "seconds");
            out.append("tokio_rt_busy_seconds_total ").append(dtoa(counter(900) / 100.0)).append('\n');
        }

        void control() {
            header("control_dns_resolutions", "Counts the number of DNS records that have been resolved", "counter", null);
            for (String[] c : new String[][] {{"destination", "A/AAAA"}, {"policy", "A/AAAA"}, {"identity", "A/AAAA"}}) {
                sample("control_dns_resolutions_total", "client=\"" + c[0] + "\",record_type=\"" + c[1] + "\",result=\"ok\"", counter(20));
            }
            header("control_identity_cert_expiration_timestamp_seconds", "Time when this proxy's current mTLS identity certificate will expire (in seconds since the UNIX epoch)", "gauge", "seconds");
            plainF("control_identity_cert_expiration_timestamp_seconds", 1_787_400_000.0);
            header("control_identity_cert_refresh_timestamp_seconds", "Time when this proxy's current mTLS identity certificate was last updated", "gauge", "seconds");
            plainF("control_identity_cert_refresh_timestamp_seconds", 1_787_313_600.0);
            header("control_identity_cert_refreshes", "The total number of times this proxy's mTLS identity certificate has been refreshed by the Identity service", "counter", null);
            sample("control_identity_cert_refreshes_total", "result=\"ok\"", 1 + scrape / 100);
            balancer("control_identity_balancer", "addr=\"linkerd-identity-headless." + CONTROL_NS + ".svc.cluster.local:8080\"", 1);
            balancer("control_destination_balancer", "addr=\"linkerd-dst-headless." + CONTROL_NS + ".svc.cluster.local:8086\"", 1);
            balancer("control_policy_balancer", "addr=\"linkerd-policy." + CONTROL_NS + ".svc.cluster.local:8090\"", 1);
        }

        /** Balancer family set B for prefix {@code prefix}, one series set per entry of {@code labelSets}. */
        void balancer(String prefix, String labels, int endpoints) {
            balancer(prefix, labels == null ? List.of() : List.of(labels), endpoints);
        }

        void balancer(String prefix, List<String> labelSets, int endpoints) {
            header(prefix + "_p2c_endpoints", "The number of endpoints currently in a P2C balancer", "gauge", null);
            labelSets.forEach(l -> sample(prefix + "_p2c_endpoints", l, endpoints));
            header(prefix + "_p2c_updates", "The total number of service discovery updates received by a P2C balancer", "counter", null);
            for (String op : new String[] {"Reset", "Add", "Remove"}) {
                labelSets.forEach(l -> sample(prefix + "_p2c_updates_total", "op=\"" + op + "\"," + l, op.equals("Remove") ? 0 : 1 + scrape / 50));
            }
            header(prefix + "_queue_length", "The number of requests currently waiting in a queue", "gauge", null);
            labelSets.forEach(l -> sample(prefix + "_queue_length", l, 0));
            header(prefix + "_queue_requests", "The total number of requests that have entered a queue", "counter", null);
            labelSets.forEach(l -> sample(prefix + "_queue_requests_total", l, counter(300)));
            header(prefix + "_queue_latency_seconds", "The time requests spend waiting in a queue", "histogram", "seconds");
            labelSets.forEach(l -> histogram(prefix + "_queue_latency_seconds", l, QUEUE_BUCKETS, counter(300), 0.0002));
            header(prefix + "_queue_gate_open", "The total number of times a queue's gate was opened", "counter", null);
            labelSets.forEach(l -> sample(prefix + "_queue_gate_open_total", l, 1));
            header(prefix + "_queue_gate_shut", "The total number of times a queue's gate was shut", "counter", null);
            labelSets.forEach(l -> sample(prefix + "_queue_gate_shut_total", l, 0));
            header(prefix + "_queue_gate_open_time_seconds", "The time at which the queue's gate was last opened", "gauge", "seconds");
            labelSets.forEach(l -> sampleF(prefix + "_queue_gate_open_time_seconds", l, 1_787_313_612.25));
            header(prefix + "_queue_gate_shut_time_seconds", "The time at which the queue's gate was last shut", "gauge", "seconds");
            labelSets.forEach(l -> sampleF(prefix + "_queue_gate_shut_time_seconds", l, 0.0));
            header(prefix + "_queue_gate_timeout_seconds", "The timeout for a queue's gate to shut", "gauge", "seconds");
            labelSets.forEach(l -> sampleF(prefix + "_queue_gate_timeout_seconds", l, 3.0));
            header(prefix + "_endpoints", "The number of endpoints currently in a balancer", "gauge", null);
            for (String state : new String[] {"ready", "pending"}) {
                labelSets.forEach(l -> sample(prefix + "_endpoints", "endpoint_state=\"" + state + "\"," + l, state.equals("ready") ? endpoints : 0));
            }
        }

        void inbound() {
            String srv = "srv_group=\"policy.linkerd.io\",srv_kind=\"server\",srv_name=\"" + workload + "-http\",srv_port=\"8080\"";
            header("inbound_tcp_detect_http_duration_seconds", "Time taken for protocol detection", "histogram", "seconds");
            histogram("inbound_tcp_detect_http_duration_seconds", srv, DETECT_BUCKETS, counter(40), 0.0004);
            header("inbound_tcp_detect_http_results", "Results of protocol detection", "counter", null);
            for (String res : new String[] {"http/1", "http/2", "not_http", "read_timeout", "error"}) {
                sample("inbound_tcp_detect_http_results_total", "result=\"" + res + "\"," + srv, res.startsWith("http") ? counter(20) : 0);
            }
            header("inbound_tcp_transport_header_connections", "The number of connections that carried a transport header", "counter", null);
            String ri = "parent_group=\"policy.linkerd.io\",parent_kind=\"Server\",parent_name=\"" + workload + "-http\",parent_port=\"8080\","
                    + "route_group=\"\",route_kind=\"default\",route_name=\"default\"";
            for (String proto : new String[] {"http", "grpc"}) {
                boolean on = proto.equals("http");
                String pre = "inbound_" + proto + "_";
                header(pre + "requests", "The total number of requests", "counter", null);
                if (on) {
                    sample(pre + "requests_total", ri, counter(2400));
                }
                header(pre + "request_frame_size_bytes", "Request data frame sizes", "histogram", "bytes");
                if (on) {
                    histogram(pre + "request_frame_size_bytes", ri, FRAME_BUCKETS, counter(600), 300);
                }
                header(pre + "request_duration_seconds", "The time between request initialization and response completion", "histogram", "seconds");
                if (on) {
                    histogram(pre + "request_duration_seconds", ri, ROUTE_RESPONSE_BUCKETS, counter(2400), 0.02);
                }
                header(pre + "response_frame_size_bytes", "Response data frame sizes", "histogram", "bytes");
                if (on) {
                    histogram(pre + "response_frame_size_bytes", ri, FRAME_BUCKETS, counter(2400), 2000);
                }
                header(pre + "response_duration_seconds", "The time between response headers and response completion", "histogram", "seconds");
                if (on) {
                    histogram(pre + "response_duration_seconds", ri, ROUTE_REQUEST_BUCKETS, counter(2400), 0.01);
                }
                header(pre + "statuses", "Completed responses", "counter", null);
                if (on) {
                    sample(pre + "statuses_total", ri + ",status=\"200\"", counter(2400));
                    sample(pre + "statuses_total", ri + ",status=\"500\"", counter(10));
                }
            }
        }

        String parent(Dest d) {
            return "parent_group=\"core\",parent_kind=\"Service\",parent_namespace=\"" + p.namespace() + "\",parent_name=\"" + d.service()
                    + "\",parent_port=\"8080\",parent_section_name=\"\"";
        }

        String backend(Dest d) {
            return "backend_group=\"core\",backend_kind=\"Service\",backend_namespace=\"" + p.namespace() + "\",backend_name=\"" + d.service()
                    + "\",backend_port=\"8080\",backend_section_name=\"\"";
        }

        String route(Dest d) {
            return "route_group=\"\",route_kind=\"default\",route_namespace=\"\",route_name=\"" + (d.grpc() ? "grpc" : "http") + "\"";
        }

        void outbound() {
            header("outbound_tcp_protocol_connections", "The number of connections by protocol", "counter", null);
            for (Dest d : dests) {
                sample("outbound_tcp_protocol_connections_total", "protocol=\"" + (d.grpc() ? "http/2" : "http/1") + "\"," + parent(d), counter(20));
            }
            header("outbound_tcp_detect_http_duration_seconds", "Time taken for protocol detection", "histogram", "seconds");
            for (Dest d : dests) {
                histogram("outbound_tcp_detect_http_duration_seconds", parent(d), DETECT_BUCKETS, counter(20), 0.0003);
            }
            header("outbound_tcp_detect_http_results", "Results of protocol detection", "counter", null);
            for (Dest d : dests) {
                for (String res : new String[] {"http/1", "http/2"}) {
                    sample("outbound_tcp_detect_http_results_total", "result=\"" + res + "\"," + parent(d), counter(20));
                }
            }
            for (String proto : new String[] {"http", "grpc"}) {
                routeFamilies(proto, dests.stream().filter(d -> d.grpc() == proto.equals("grpc")).toList());
            }
            List<String> httpBalancers = new ArrayList<>();
            for (Dest d : dests) {
                httpBalancers.add(parent(d) + "," + backend(d));
            }
            balancer("outbound_http_balancer", httpBalancers, p.endpointsPerDestination());
            balancer("outbound_tcp_balancer", List.of(), 0);
            header("outbound_tcp_route_open", "The number of connections that have been opened", "counter", null);
            header("outbound_tcp_route_close", "The number of connections that have been closed", "counter", null);
            header("outbound_tcp_transfer_cost_bytes", "The total number of bytes transferred, by zone locality", "counter", null);
            for (String op : new String[] {"Send", "Recv"}) {
                for (String zone : new String[] {"Unknown", "Local", "Remote"}) {
                    sample("outbound_tcp_transfer_cost_bytes_total", "op=\"" + op + "\",zone_locality=\"" + zone + "\"", zone.equals("Unknown") ? counter(5_000_000) : 0);
                }
            }
            balancer("outbound_tls_balancer", List.of(), 0);
            header("outbound_tls_route_open", "The number of connections that have been opened", "counter", null);
            header("outbound_tls_route_close", "The number of connections that have been closed", "counter", null);
        }

        void routeFamilies(String proto, List<Dest> ds) {
            String pre = "outbound_" + proto + "_route_";
            boolean grpc = proto.equals("grpc");
            header(pre + "request_duration_seconds", "The time between request initialization and response completion", "histogram", "seconds");
            for (Dest d : ds) {
                histogram(pre + "request_duration_seconds", rr(d), ROUTE_REQUEST_BUCKETS, counter(900), 0.03);
            }
            header(pre + "backend_requests", "The total number of requests dispatched", "counter", null);
            for (Dest d : ds) {
                sample(pre + "backend_requests_total", rb(d), counter(900));
            }
            header(pre + "backend_response_duration_seconds", "The time between request dispatch and response completion", "histogram", "seconds");
            for (Dest d : ds) {
                histogram(pre + "backend_response_duration_seconds", rb(d), ROUTE_RESPONSE_BUCKETS, counter(900), 0.025);
            }
            header(pre + "backend_response_statuses", "Completed responses", "counter", null);
            for (Dest d : ds) {
                if (grpc) {
                    sample(pre + "backend_response_statuses_total", rb(d) + ",grpc_status=\"OK\",error=\"\"", counter(900));
                    sample(pre + "backend_response_statuses_total", rb(d) + ",grpc_status=\"UNAVAILABLE\",error=\"\"", counter(40));
                } else {
                    sample(pre + "backend_response_statuses_total", rb(d) + ",http_status=\"200\",error=\"\"", counter(900));
                    sample(pre + "backend_response_statuses_total", rb(d) + ",http_status=\"\",error=\"RESPONSE_HEADERS_TIMEOUT\"", counter(3));
                }
            }
            header(pre + "backend_response_frame_size_bytes", "Response data frame sizes", "histogram", "bytes");
            for (Dest d : ds) {
                histogram(pre + "backend_response_frame_size_bytes", rb(d), FRAME_BUCKETS, counter(900), 900);
            }
            header(pre + "request_statuses", "Completed request-response streams", "counter", null);
            for (Dest d : ds) {
                sample(pre + "request_statuses_total", rr(d) + (grpc ? ",grpc_status=\"OK\",error=\"\"" : ",http_status=\"200\",error=\"\""), counter(900));
            }
            for (String[] retry : new String[][] {
                {"retry_limit_exceeded", "Retryable requests not sent due to retry limits"},
                {"retry_overflow", "Retryable requests not sent due to circuit breakers"},
                {"retry_requests", "Retry requests emitted"},
                {"retry_successes", "Successful responses to retry requests"}}) {
                header(pre + retry[0], retry[1], "counter", null);
                for (Dest d : ds) {
                    sample(pre + retry[0] + "_total", rr(d), 0);
                }
            }
            header(pre + "request_frame_size_bytes", "Request data frame sizes", "histogram", "bytes");
            for (Dest d : ds) {
                histogram(pre + "request_frame_size_bytes", rr(d), FRAME_BUCKETS, counter(300), 200);
            }
        }

        String rr(Dest d) {
            return parent(d) + "," + route(d) + ",hostname=\"" + d.service() + "." + p.namespace() + ".svc.cluster.local\"";
        }

        String rb(Dest d) {
            return parent(d) + "," + route(d) + "," + backend(d);
        }

        void process() {
            header("process_start_time_seconds", "Time that the process started (in seconds since the UNIX epoch)", "gauge", "seconds");
            plainF("process_start_time_seconds", 1_787_313_600.0);
            header("process_clock_time_seconds", "Current system time for this proxy", "gauge", "seconds");
            plainF("process_clock_time_seconds", 1_787_313_600.0 + 10.0 * (scrape + 1));
            collectorHeader("process_uptime_seconds", "Total time since the process started (in seconds)", "counter", "seconds");
            plainF("process_uptime_seconds_total", 10.0 * (scrape + 1));
            collectorHeader("process_cpu_seconds", "Total user and system CPU time spent in seconds", "counter", "seconds");
            plainF("process_cpu_seconds_total", counter(300) / 100.0);
            collectorHeader("process_virtual_memory_bytes", "Virtual memory size in bytes", "gauge", "bytes");
            plain("process_virtual_memory_bytes", 90_000_000L + r.nextInt(1_000_000));
            collectorHeader("process_resident_memory_bytes", "Resident memory size in bytes", "gauge", "bytes");
            plain("process_resident_memory_bytes", 12_000_000L + r.nextInt(1_000_000));
            collectorHeader("process_open_fds", "Number of open file descriptors", "gauge", null);
            plain("process_open_fds", 20 + r.nextInt(20));
            collectorHeader("process_max_fds", "Maximum number of open file descriptors", "gauge", null);
            plain("process_max_fds", 1_048_576);
            collectorHeader("process_network_receive_bytes", "Number of bytes received by the process over the network", "counter", "bytes");
            plain("process_network_receive_bytes_total", counter(3_000_000));
            collectorHeader("process_network_transmit_bytes", "Number of bytes sent by the process over the network", "counter", "bytes");
            plain("process_network_transmit_bytes_total", counter(3_000_000));
            collectorHeader("process_threads", "Number of OS threads in the process.", "gauge", null);
            plain("process_threads", 4);
        }

        void info() {
            header("proxy_build_info", "Proxy build info", "gauge", null);
            sample("proxy_build_info", "date=\"2026-05-12T10:20:31Z\",git_sha=\"29637b64d1c0\",profile=\"release\",vendor=\"linkerd\",version=\"edge-26.5.5\"", 1);
            header("rustls_info", "Proxy TLS info", "gauge", null);
            sample("rustls_info", "tls_suites=\"TLS13_AES_128_GCM_SHA256,TLS13_CHACHA20_POLY1305_SHA256,\",tls_kx_groups=\"X25519,secp256r1,\","
                    + "tls_rand=\"AwsLcRs\",tls_key_provider=\"AwsLcRs\",tls_fips=\"false\"", 1);
        }

        /** HELP (registry adds a period), TYPE and optional UNIT, as prometheus-client prints them. */
        void header(String name, String help, String type, String unit) {
            collectorHeader(name, help + ".", type, unit);
        }

        /** Families emitted by a collector keep their help text as written. */
        void collectorHeader(String name, String help, String type, String unit) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            if (unit != null) {
                out.append("# UNIT ").append(name).append(' ').append(unit).append('\n');
            }
        }

        void plain(String name, long v) {
            out.append(name).append(' ').append(v).append('\n');
        }

        void plainF(String name, double v) {
            out.append(name).append(' ').append(dtoa(v)).append('\n');
        }

        void sample(String name, String labels, long v) {
            out.append(name).append('{').append(labels).append("} ").append(v).append('\n');
        }

        void sampleF(String name, String labels, double v) {
            out.append(name).append('{').append(labels).append("} ").append(dtoa(v)).append('\n');
        }

        /** prometheus-client histogram: _sum (float), _count, then cumulative buckets with le first. */
        void histogram(String name, String labels, double[] bounds, long count, double median) {
            long[] cum = cumulative(count, bounds, median);
            sampleF(name + "_sum", labels, Math.round(count * median * 1000) / 1000.0);
            sample(name + "_count", labels, count);
            for (int i = 0; i <= bounds.length; i++) {
                String le = i < bounds.length ? dtoa(bounds[i]) : "+Inf";
                out.append(name).append("_bucket{le=\"").append(le).append("\",").append(labels).append("} ").append(cum[i]).append('\n');
            }
        }
    }

    /** Rust dtoa-style shortest form with a fraction: 1.0, 0.05, 1787400000.0 (never exponent notation). */
    static String dtoa(double v) {
        String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s.indexOf('.') < 0 ? s + ".0" : s;
    }
}
