package io.meshlens.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The prometheus-client half of the proxy page (reference §1.2, §4.2): 142 families in registration
 * order, each printed with {@code # HELP} (a period added, except the {@code process_*} collector
 * families), {@code # TYPE} with the base name, {@code # UNIT} when registered with a unit, and its
 * samples (counters {@code _total}; histograms {@code _sum}, {@code _count}, then buckets with
 * {@code le} first). Families nothing has touched print only their header, as the real registry does.
 */
final class ClientBlock {
    interface Value { double at(long now); }

    interface HistValue { void at(long now, long[] cumulative, double[] sum); }

    private record Sample(byte[] text, Value value, boolean isFloat) {}

    private record Hist(String base, String labels, double[] bounds, HistValue value) {}

    private static final class Family {
        final String name;
        final String type;
        final String unit;
        final byte[] header;
        final List<Object> series = new ArrayList<>(2);

        Family(String name, String type, String unit, String help, boolean collector) {
            this.name = name;
            this.type = type;
            this.unit = unit;
            StringBuilder h = new StringBuilder("# HELP ").append(name).append(' ').append(help);
            if (!collector) {
                h.append('.');
            }
            h.append("\n# TYPE ").append(name).append(' ').append(type).append('\n');
            if (unit != null) {
                h.append("# UNIT ").append(name).append(' ').append(unit).append('\n');
            }
            header = Buf.ascii(h.toString());
        }
    }

    static final double[] QUEUE_BOUNDS = {0.0005, 0.005, 0.05, 0.5, 1.0, 3.0};
    static final double[] DETECT_BOUNDS = {0.001, 0.1};
    static final double[] FINE = {0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 10.0};
    static final double[] COARSE = {0.05, 0.5, 1.0, 10.0};
    static final double[] FRAME_BOUNDS = {128, 1024, 10240};
    private static final String[] GRPC_NAMES = {"OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT", "DEADLINE_EXCEEDED",
        "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION", "ABORTED",
        "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE", "DATA_LOSS", "UNAUTHENTICATED"};

    private final Map<String, Family> families = new LinkedHashMap<>();
    private final SimPod pod;

    ClientBlock(SimPod pod, List<Flow> in, List<Flow> out, List<ControlSet> control) {
        this.pod = pod;
        declare();
        long start = pod.startMillis();
        // Runtime: unlabelled, growing with uptime.
        gauge("tokio_rt_workers", "", now -> 2);
        gauge("tokio_rt_injection_queue_depth", "", now -> 0);
        gauge("tokio_rt_local_queue_depth", "", now -> 0);
        String[] perSecond = {"park:20", "noop:2", "steal:1", "steal_operations:0.5", "remote_schedule:15",
            "local_schedule:40", "overflow:0", "polls:120", "budget_forced_yield:0", "io_driver_ready:30"};
        for (String ps : perSecond) {
            String[] kv = ps.split(":");
            double r = Double.parseDouble(kv[1]);
            counter("tokio_rt_" + kv[0], "", now -> Math.floor(up(now) * r));
        }
        floatCounter("tokio_rt_busy_seconds", "", now -> round3(up(now) * 0.012));
        // Control-plane clients.
        for (String c : new String[] {"identity", "destination", "policy"}) {
            counter("control_dns_resolutions", LabelText.of().add("client", c).add("record_type", "A/AAAA")
                    .add("result", "ok").toString(), now -> 1 + Math.floor(up(now) / 300));
        }
        floatGauge("control_identity_cert_expiration_timestamp_seconds", "", now -> start / 1000 + 86400.0);
        floatGauge("control_identity_cert_refresh_timestamp_seconds", "", now -> start / 1000 + 0.5);
        counter("control_identity_cert_refreshes", LabelText.of().add("result", "ok").toString(),
                now -> 1 + Math.floor((now - start) / 60_480_000.0));
        String[] prefixes = {"control_identity_balancer", "control_destination_balancer", "control_policy_balancer"};
        ControlSet[] bySet = {control.get(2), control.get(0), control.get(1)};
        String[] addrs = {"linkerd-identity-headless.linkerd.svc.cluster.local:8080",
            "linkerd-dst-headless.linkerd.svc.cluster.local:8086", "linkerd-policy.linkerd.svc.cluster.local:8090"};
        for (int i = 0; i < 3; i++) {
            ControlSet cs = bySet[i];
            balancer(prefixes[i], LabelText.of().add("addr", addrs[i]).toString(), 1, start, now -> {
                cs.compute(now);
                return cs.requests;
            });
        }
        inbound(in);
        outbound(out);
        process(start, in, out);
        gauge("proxy_build_info", LabelText.of().add("date", "2026-05-28T09:14:02Z").add("git_sha", "4f2a9c1e")
                .add("profile", "release").add("vendor", "linkerd.io").add("version", "v2.352.0").toString(), now -> 1);
        gauge("rustls_info", LabelText.of()
                .add("tls_suites", "TLS13_AES_128_GCM_SHA256,TLS13_AES_256_GCM_SHA384,TLS13_CHACHA20_POLY1305_SHA256,")
                .add("tls_kx_groups", "X25519MLKEM768,X25519,SECP256R1,").add("tls_rand", "aws-lc-rs")
                .add("tls_key_provider", "aws-lc-rs").add("tls_fips", "false").toString(), now -> 1);
    }

    private double up(long now) {
        return Math.max(0, now - pod.startMillis()) / 1000.0;
    }

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The catalogue, in registration order (reference §4.2). Counts: 14 + 37 + 15 + 63 + 11 + 2 = 142. */
    private void declare() {
        f("tokio_rt_workers", "gauge", null, "The number of worker threads used by the runtime");
        f("tokio_rt_injection_queue_depth", "gauge", null, "The number of tasks currently scheduled in the runtime's injection queue");
        f("tokio_rt_local_queue_depth", "gauge", null, "The total number of tasks currently scheduled in workers' local queues");
        f("tokio_rt_park", "counter", null, "Total number of times worker threads parked");
        f("tokio_rt_noop", "counter", null, "Number of times workers unparked but found no new work");
        f("tokio_rt_steal", "counter", null, "Number of tasks stolen by workers from others");
        f("tokio_rt_steal_operations", "counter", null, "Number of times workers stole tasks from other workers");
        f("tokio_rt_remote_schedule", "counter", null, "Total number of remote schedule operations");
        f("tokio_rt_local_schedule", "counter", null, "Total number of local schedule operations");
        f("tokio_rt_overflow", "counter", null, "Total number of overflow operations");
        f("tokio_rt_polls", "counter", null, "The number of tasks that have been polled across all worker threads");
        f("tokio_rt_budget_forced_yield", "counter", null, "Number of times tasks have been forced to yield back to the scheduler after exhausting their task budgets");
        f("tokio_rt_io_driver_ready", "counter", null, "Number of ready events processed by the runtime's I/O driver");
        f("tokio_rt_busy_seconds", "counter", "seconds", "Total duration of time when worker threads were busy processing tasks");
        f("control_dns_resolutions", "counter", null, "Counts the number of DNS records that have been resolved");
        f("control_identity_cert_expiration_timestamp_seconds", "gauge", "seconds", "Time when this proxy's current mTLS identity certificate will expire (in seconds since the UNIX epoch)");
        f("control_identity_cert_refresh_timestamp_seconds", "gauge", "seconds", "Time when the this proxy's current mTLS identity certificate were last updated");
        f("control_identity_cert_refreshes", "counter", null, "The total number of times this proxy's mTLS identity certificate has been refreshed by the Identity provider");
        for (String p : new String[] {"control_identity_balancer", "control_destination_balancer", "control_policy_balancer"}) {
            declareBalancer(p);
        }
        f("inbound_tcp_detect_http_duration_seconds", "histogram", "seconds", "The amount of time spent detecting HTTP");
        f("inbound_tcp_detect_http_results", "counter", null, "The results of HTTP protocol detection");
        f("inbound_tcp_transport_header_connections", "counter", null, "The number of connections with a transport header");
        for (String p : new String[] {"http", "grpc"}) {
            String n = "inbound_" + p + "_";
            f(n + "requests", "counter", null, "The total number of requests");
            f(n + "request_frame_size_bytes", "histogram", "bytes", "Request data frame sizes");
            f(n + "response_frame_size_bytes", "histogram", "bytes", "Response data frame sizes");
            f(n + "statuses", "counter", null, "Completed responses");
            f(n + "response_duration_seconds", "histogram", "seconds", "The time between the first byte of the response headers and the response completion");
            f(n + "request_duration_seconds", "histogram", "seconds", "The time between request initialization and response completion");
        }
        f("outbound_tcp_protocol_connections", "counter", null, "Outbound TCP connections by protocol configuration");
        f("outbound_tcp_detect_http_duration_seconds", "histogram", "seconds", "The amount of time spent detecting HTTP");
        f("outbound_tcp_detect_http_results", "counter", null, "The results of HTTP protocol detection");
        for (String p : new String[] {"http", "grpc"}) {
            String n = "outbound_" + p + "_route_";
            f(n + "request_duration_seconds", "histogram", "seconds", "The time between request initialization and response completion");
            f(n + "backend_requests", "counter", null, "The total number of requests dispatched");
            f(n + "backend_response_duration_seconds", "histogram", "seconds", "The time between request initialization and response completion");
            f(n + "backend_response_statuses", "counter", null, "Completed responses");
            f(n + "backend_response_frame_size_bytes", "histogram", "bytes", "Response data frame sizes");
            f(n + "request_statuses", "counter", null, "Completed request-response streams");
            f(n + "retry_limit_exceeded", "counter", null, "Retryable requests not sent due to retry limits");
            f(n + "retry_overflow", "counter", null, "Retryable requests not sent due to circuit breakers");
            f(n + "retry_requests", "counter", null, "Retry requests emitted");
            f(n + "retry_successes", "counter", null, "Successful responses to retry requests");
            f(n + "request_frame_size_bytes", "histogram", "bytes", "Request data frame sizes");
        }
        declareBalancer("outbound_http_balancer");
        declareBalancer("outbound_tcp_balancer");
        f("outbound_tcp_route_open", "counter", null, "The number of connections that have been opened");
        f("outbound_tcp_route_close", "counter", null, "The number of connections that have been closed");
        f("outbound_tcp_transfer_cost_bytes", "counter", "bytes", "The total number of bytes transferred, by zone locality");
        declareBalancer("outbound_tls_balancer");
        f("outbound_tls_route_open", "counter", null, "The number of connections that have been opened");
        f("outbound_tls_route_close", "counter", null, "The number of connections that have been closed");
        f("process_start_time_seconds", "gauge", "seconds", "Time that the process started (in seconds since the UNIX epoch)");
        f("process_clock_time_seconds", "gauge", "seconds", "Current system time for this proxy");
        c("process_uptime_seconds", "counter", "seconds", "Total time since the process started (in seconds)");
        c("process_cpu_seconds", "counter", "seconds", "Total user and system CPU time spent in seconds");
        c("process_virtual_memory_bytes", "gauge", "bytes", "Virtual memory size in bytes");
        c("process_resident_memory_bytes", "gauge", "bytes", "Resident memory size in bytes");
        c("process_open_fds", "gauge", null, "Number of open file descriptors");
        c("process_max_fds", "gauge", null, "Maximum number of open file descriptors");
        c("process_network_receive_bytes", "counter", "bytes", "Number of bytes received by the process over the network");
        c("process_network_transmit_bytes", "counter", "bytes", "Number of bytes sent by the process over the network");
        c("process_threads", "gauge", null, "Number of OS threads in the process.");
        f("proxy_build_info", "gauge", null, "Proxy build info");
        f("rustls_info", "gauge", null, "Proxy TLS info");
    }

    private void declareBalancer(String p) {
        f(p + "_p2c_endpoints", "gauge", null, "The number of endpoints currently in a P2C balancer");
        f(p + "_p2c_updates", "counter", null, "The total number of service discovery updates received by a P2C balancer");
        f(p + "_queue_length", "gauge", null, "The number of requests currently waiting in the queue");
        f(p + "_queue_requests", "counter", null, "The total number of requests that have been enqueued");
        f(p + "_queue_latency_seconds", "histogram", "seconds", "The time requests spend waiting in the queue");
        f(p + "_queue_gate_open", "counter", null, "The number of times the queue gate opened");
        f(p + "_queue_gate_shut", "counter", null, "The number of times the queue gate shut");
        f(p + "_queue_gate_open_time_seconds", "gauge", "seconds", "The time at which the queue gate last opened");
        f(p + "_queue_gate_shut_time_seconds", "gauge", "seconds", "The time at which the queue gate last shut");
        f(p + "_queue_gate_timeout_seconds", "gauge", "seconds", "The time after which the queue gate shuts when the balancer has no ready endpoints");
        f(p + "_endpoints", "gauge", null, "The number of endpoints currently in a balancer, by state");
    }

    private void f(String name, String type, String unit, String help) {
        families.put(name, new Family(name, type, unit, help, false));
    }

    /** A family emitted by a collector: its HELP text is printed as written (no period added). */
    private void c(String name, String type, String unit, String help) {
        families.put(name, new Family(name, type, unit, help, true));
    }

    int familyCount() {
        return families.size();
    }

    // ---- samples ----

    private void sample(String family, String sampleName, String labels, Value v, boolean isFloat) {
        Family fam = families.get(family);
        if (fam == null) {
            throw new IllegalStateException("undeclared family " + family);
        }
        String text = labels.isEmpty() ? sampleName + " " : sampleName + "{" + labels + "} ";
        fam.series.add(new Sample(Buf.ascii(text), v, isFloat));
    }

    private void gauge(String name, String labels, Value v) {
        sample(name, name, labels, v, false);
    }

    private void floatGauge(String name, String labels, Value v) {
        sample(name, name, labels, v, true);
    }

    private void counter(String name, String labels, Value v) {
        sample(name, name + "_total", labels, v, false);
    }

    private void floatCounter(String name, String labels, Value v) {
        sample(name, name + "_total", labels, v, true);
    }

    private void hist(String name, String labels, double[] bounds, HistValue v) {
        families.get(name).series.add(new Hist(name, labels, bounds, v));
    }

    /** Balancer set B (11 families) for one balancer: requests pass the queue at once, endpoints all ready. */
    private void balancer(String p, String labels, int endpoints, long start, Value requests) {
        gauge(p + "_p2c_endpoints", labels, now -> endpoints);
        counter(p + "_p2c_updates", LabelText.of().add("op", "Reset").raw(labels).toString(), now -> 1);
        counter(p + "_p2c_updates", LabelText.of().add("op", "Add").raw(labels).toString(), now -> endpoints);
        counter(p + "_p2c_updates", LabelText.of().add("op", "Remove").raw(labels).toString(), now -> 0);
        gauge(p + "_queue_length", labels, now -> 0);
        counter(p + "_queue_requests", labels, requests);
        hist(p + "_queue_latency_seconds", labels, QUEUE_BOUNDS, (now, cum, sum) -> {
            long n = (long) requests.at(now);
            java.util.Arrays.fill(cum, n);
            sum[0] = round3(n * 0.00002);
        });
        counter(p + "_queue_gate_open", labels, now -> 1);
        counter(p + "_queue_gate_shut", labels, now -> 0);
        floatGauge(p + "_queue_gate_open_time_seconds", labels, now -> start / 1000 + 0.25);
        floatGauge(p + "_queue_gate_shut_time_seconds", labels, now -> 0);
        floatGauge(p + "_queue_gate_timeout_seconds", labels, now -> 3);
        gauge(p + "_endpoints", LabelText.of().add("endpoint_state", "ready").raw(labels).toString(), now -> endpoints);
        gauge(p + "_endpoints", LabelText.of().add("endpoint_state", "pending").raw(labels).toString(), now -> 0);
    }

    private static HistValue flowHist(List<Flow> flows, boolean outboundSide, double[] bounds) {
        return (now, cum, sum) -> {
            java.util.Arrays.fill(cum, 0);
            double s = 0;
            for (Flow f : flows) {
                long n = f.requests(now);
                LatencyShape shape = outboundSide ? f.outbound : f.inbound;
                for (int i = 0; i < bounds.length; i++) {
                    cum[i] += LatencyShape.bucket(n, shape.cdf(bounds[i] * 1000));
                }
                cum[bounds.length] += n;
                s += f.sumMs(n, outboundSide) / 1000.0;
            }
            sum[0] = round3(s);
        };
    }

    private static Value sumRequests(List<Flow> flows) {
        return now -> {
            long n = 0;
            for (Flow f : flows) {
                n += f.requests(now);
            }
            return n;
        };
    }

    /** Outcome counts of the flows for the outcome whose status label is {@code status}. */
    private static Value outcomes(List<Flow> flows, java.util.function.Function<Outcome, String> key, String status) {
        return now -> {
            long total = 0;
            long[] into = new long[8];
            for (Flow f : flows) {
                Outcome.split(f.requests(now), f.outcomes, into);
                for (int i = 0; i < f.outcomes.size(); i++) {
                    if (key.apply(f.outcomes.get(i)).equals(status)) {
                        total += into[i];
                    }
                }
            }
            return total;
        };
    }

    private void inbound(List<Flow> in) {
        Map<Integer, List<Flow>> byPort = new LinkedHashMap<>();
        for (Flow f : in) {
            if (f.edge.protocol() != Protocol.TCP && f.edge.port() != ShopModel.ADMIN_PORT) {
                byPort.computeIfAbsent(f.edge.port(), k -> new ArrayList<>()).add(f);
            }
        }
        for (Map.Entry<Integer, List<Flow>> e : byPort.entrySet()) {
            String port = e.getKey().toString();
            List<Flow> flows = e.getValue();
            String srv = LabelText.of().add("srv_group", "").add("srv_kind", "default")
                    .add("srv_name", "all-unauthenticated").add("srv_port", port).toString();
            hist("inbound_tcp_detect_http_duration_seconds", srv, DETECT_BOUNDS, (now, cum, sum) -> {
                long n = 0;
                for (Flow f : flows) {
                    n += f.opened(now);
                }
                java.util.Arrays.fill(cum, n);
                sum[0] = round3(n * 0.0002);
            });
            boolean grpc = flows.get(0).edge.protocol() == Protocol.GRPC;
            counter("inbound_tcp_detect_http_results", LabelText.of().add("result", grpc ? "http/2" : "http/1")
                    .raw(srv).toString(), now -> {
                        long n = 0;
                        for (Flow f : flows) {
                            n += f.opened(now);
                        }
                        return n;
                    });
            String p = grpc ? "grpc" : "http";
            String ri = LabelText.of().add("parent_group", "").add("parent_kind", "default")
                    .add("parent_name", "all-unauthenticated").add("parent_port", port).add("route_group", "")
                    .add("route_kind", "default").add("route_name", "default").toString();
            counter("inbound_" + p + "_requests", ri, sumRequests(flows));
            java.util.function.Function<Outcome, String> key = grpc ? Outcome::grpcStatus : Outcome::status;
            for (String st : distinct(flows, key)) {
                counter("inbound_" + p + "_statuses", LabelText.of().raw(ri).add("status", st).toString(),
                        outcomes(flows, key, st));
            }
            hist("inbound_" + p + "_response_duration_seconds", ri, COARSE, flowHist(flows, false, COARSE));
            hist("inbound_" + p + "_request_duration_seconds", ri, FINE, flowHist(flows, false, FINE));
        }
    }

    private static List<String> distinct(List<Flow> flows, java.util.function.Function<Outcome, String> key) {
        List<String> out = new ArrayList<>();
        for (Flow f : flows) {
            for (Outcome o : f.outcomes) {
                if (!out.contains(key.apply(o))) {
                    out.add(key.apply(o));
                }
            }
        }
        return out;
    }

    private void outbound(List<Flow> out) {
        Map<String, List<Flow>> byParent = new LinkedHashMap<>();
        for (Flow f : out) {
            if (f.edge.port() != ShopModel.ADMIN_PORT && f.callee.service().hasService()) {
                byParent.computeIfAbsent(f.callee.namespace() + "/" + f.callee.service().name() + ":" + f.edge.port(),
                        k -> new ArrayList<>()).add(f);
            }
        }
        List<Flow> opaque = new ArrayList<>();
        for (List<Flow> flows : byParent.values()) {
            Flow first = flows.get(0);
            ServiceDef svc = first.callee.service();
            String port = Integer.toString(first.edge.port());
            String pp = LabelText.of().add("parent_group", "core").add("parent_kind", "Service")
                    .add("parent_namespace", svc.namespace()).add("parent_name", svc.name()).add("parent_port", port)
                    .add("parent_section_name", "").toString();
            String bk = LabelText.of().add("backend_group", "core").add("backend_kind", "Service")
                    .add("backend_namespace", svc.namespace()).add("backend_name", svc.name())
                    .add("backend_port", port).add("backend_section_name", "").toString();
            Protocol proto = first.edge.protocol();
            counter("outbound_tcp_protocol_connections", LabelText.of()
                    .add("protocol", proto == Protocol.TCP ? "opaq" : proto == Protocol.GRPC ? "http/2" : "http/1")
                    .raw(pp).toString(), now -> {
                        long n = 0;
                        for (Flow f : flows) {
                            n += f.opened(now);
                        }
                        return n;
                    });
            if (proto == Protocol.TCP) {
                opaque.addAll(flows);
                String rt = LabelText.of().add("route_group", "").add("route_kind", "default")
                        .add("route_namespace", "").add("route_name", "opaq").toString();
                String l = LabelText.of().raw(pp).raw(rt).add("target_ip", first.callee.ip()).toString();
                counter("outbound_tcp_route_open", l, now -> flows.stream().mapToLong(f -> f.opened(now)).sum());
                counter("outbound_tcp_route_close", LabelText.of().raw(l).add("error", "").toString(),
                        now -> flows.stream().mapToLong(f -> f.closed(now)).sum());
                continue;
            }
            boolean grpc = proto == Protocol.GRPC;
            String p = "outbound_" + (grpc ? "grpc" : "http") + "_route_";
            String rt = LabelText.of().add("route_group", "").add("route_kind", "default")
                    .add("route_namespace", "").add("route_name", grpc ? "grpc" : "http").toString();
            String rr = LabelText.of().raw(pp).raw(rt).add("hostname", "").toString();
            String rb = LabelText.of().raw(pp).raw(rt).raw(bk).toString();
            hist(p + "request_duration_seconds", rr, COARSE, flowHist(flows, true, COARSE));
            counter(p + "backend_requests", rb, sumRequests(flows));
            hist(p + "backend_response_duration_seconds", rb, FINE, flowHist(flows, true, FINE));
            java.util.function.Function<Outcome, String> key = grpc
                    ? o -> GRPC_NAMES[Integer.parseInt(o.grpcStatus())] : Outcome::status;
            for (String st : distinct(flows, key)) {
                String s = LabelText.of().add(grpc ? "grpc_status" : "http_status", st).add("error", "").toString();
                counter(p + "backend_response_statuses", LabelText.of().raw(rb).raw(s).toString(),
                        outcomes(flows, key, st));
                counter(p + "request_statuses", LabelText.of().raw(rr).raw(s).toString(), outcomes(flows, key, st));
            }
            balancer("outbound_http_balancer", LabelText.of().raw(pp).raw(bk).toString(), flows.size(),
                    first.start, sumRequests(flows));
        }
        if (!opaque.isEmpty()) {
            for (String op : new String[] {"Send", "Recv"}) {
                boolean send = op.equals("Send");
                counter("outbound_tcp_transfer_cost_bytes", LabelText.of().add("op", op)
                        .add("zone_locality", "Unknown").toString(), now -> opaque.stream()
                        .mapToLong(f -> send ? f.requestBytes(now) : f.responseBytes(now)).sum());
            }
        }
    }

    private void process(long start, List<Flow> in, List<Flow> out) {
        floatGauge("process_start_time_seconds", "", now -> start / 1000.0);
        floatGauge("process_clock_time_seconds", "", now -> now / 1000.0);
        floatCounter("process_uptime_seconds", "", now -> round3(up(now)));
        floatCounter("process_cpu_seconds", "", now -> round3(up(now) * 0.004));
        gauge("process_virtual_memory_bytes", "", now -> 61_440_000);
        gauge("process_resident_memory_bytes", "", now -> 14_680_064 + 4096L * (in.size() + out.size()));
        gauge("process_open_fds", "", now -> 18 + in.size() + out.size());
        gauge("process_max_fds", "", now -> 1_048_576);
        counter("process_network_receive_bytes", "", now -> {
            long n = 0;
            for (Flow f : in) {
                n += f.requestBytes(now);
            }
            for (Flow f : out) {
                n += f.responseBytes(now);
            }
            return 2 * n;
        });
        counter("process_network_transmit_bytes", "", now -> {
            long n = 0;
            for (Flow f : in) {
                n += f.responseBytes(now);
            }
            for (Flow f : out) {
                n += f.requestBytes(now);
            }
            return 2 * n;
        });
        gauge("process_threads", "", now -> 3);
    }

    void renderTo(long now, Buf b) {
        long[] cum = new long[16];
        double[] sum = new double[1];
        for (Family f : families.values()) {
            b.put(f.header);
            for (Object s : f.series) {
                if (s instanceof Sample smp) {
                    b.put(smp.text());
                    double v = smp.value().at(now);
                    if (smp.isFloat()) {
                        b.dbl(v);
                    } else {
                        b.num((long) v);
                    }
                    b.put('\n');
                } else {
                    Hist h = (Hist) s;
                    h.value().at(now, cum, sum);
                    boolean labelled = !h.labels().isEmpty();
                    b.put(h.base()).put("_sum");
                    if (labelled) {
                        b.put('{').put(h.labels()).put('}');
                    }
                    b.put(' ').dbl(sum[0]).put('\n');
                    b.put(h.base()).put("_count");
                    if (labelled) {
                        b.put('{').put(h.labels()).put('}');
                    }
                    b.put(' ').num(cum[h.bounds().length]).put('\n');
                    for (int i = 0; i <= h.bounds().length; i++) {
                        b.put(h.base()).put("_bucket{le=\"");
                        if (i == h.bounds().length) {
                            b.put("+Inf");
                        } else {
                            b.dbl(h.bounds()[i]);
                        }
                        b.put('"');
                        if (labelled) {
                            b.put(',').put(h.labels());
                        }
                        b.put("} ").num(cum[i]).put('\n');
                    }
                }
            }
        }
    }
}
