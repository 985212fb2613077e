package io.meshlens.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One pod's {@code linkerd-proxy} admin page ({@code :4191/metrics}) in the proxy's exact format
 * (reference {@code linkerd-proxy-metrics.md} §1): the legacy block (HELP as in the source, no
 * {@code # UNIT}, integer values, {@code le} last, families without series left out), then the
 * prometheus-client block ({@link ClientBlock}: HELP with a period, {@code # UNIT}, {@code le} first,
 * every family's header printed even when empty) and {@code # EOF}.
 *
 * <p>Label text is built once per series when the page is built; a scrape only sums flow counts and
 * formats numbers into a pooled buffer. Rebuild (new instance) when the pod's flows change (churn).
 */
public final class ProxyMetrics {
    /** {@code LINKERD2_PROXY_METRICS_RETAIN_IDLE}: legacy series not updated for 10 min are dropped. */
    static final long RETAIN_IDLE_MS = 600_000;
    static final String PROXY_VERSION = "edge-26.5.5";
    static final String CONTROL_NS = ShopModel.LINKERD_NS;

    private static final String[] LE_LEGACY;

    static {
        LE_LEGACY = new String[LatencyShape.LEGACY_MS.length];
        for (int i = 0; i < LE_LEGACY.length; i++) {
            LE_LEGACY[i] = ",le=\"" + LatencyShape.LEGACY_MS[i] + "\"} ";
        }
    }

    private static final ConcurrentLinkedQueue<Buf> POOL = new ConcurrentLinkedQueue<>();

    final SimPod pod;
    private final boolean serviceProfiles;
    final List<HttpSet> http = new ArrayList<>();
    final List<TcpSet> tcp = new ArrayList<>();
    private final List<HttpSet> routes = new ArrayList<>();
    private final List<ControlSet> control = new ArrayList<>();
    private final List<byte[]> httpAuthz = new ArrayList<>();
    private final List<HttpSet> httpAuthzSets = new ArrayList<>();
    private final List<byte[]> tcpAuthz = new ArrayList<>();
    private final List<TcpSet> tcpAuthzSets = new ArrayList<>();
    private final byte[] tcpErrors;
    private final Flow probeFlow;
    private final ClientBlock client;

    public ProxyMetrics(SimPod pod, TrafficModel traffic, boolean serviceProfiles) {
        this.pod = pod;
        this.serviceProfiles = serviceProfiles;
        Map<String, HttpSet> httpSets = new LinkedHashMap<>();
        Map<String, TcpSet> tcpSets = new LinkedHashMap<>();
        Map<String, HttpSet> routeSets = new LinkedHashMap<>();
        Flow probe = null;
        List<Flow> in = traffic.inbound(pod);
        List<Flow> out = traffic.outbound(pod);
        for (Flow f : in) {
            int port = f.edge.port();
            String tls = f.caller == null
                    ? LabelText.of().add("tls", "no_identity").add("no_tls_reason", "no_tls_from_remote").toString()
                    : LabelText.of().add("tls", "true").add("client_id", f.caller.service().identity()).toString();
            String target = target(pod.ip(), port);
            String srv = LabelText.of().add("srv_group", "").add("srv_kind", "default")
                    .add("srv_name", "all-unauthenticated").add("srv_port", Integer.toString(port)).toString();
            String rt = f.caller == null ? "probe" : "default";
            String route = LabelText.of().add("route_group", "").add("route_kind", "default").add("route_name", rt)
                    .toString();
            String authz = LabelText.of().add("authz_group", "").add("authz_kind", "default")
                    .add("authz_name", f.caller == null ? "probe" : "all-unauthenticated").toString();
            String key = port + "|" + tls;
            if (f.edge.protocol() != Protocol.TCP) {
                HttpSet s = httpSets.computeIfAbsent("in|" + key, k -> new HttpSet(LabelText.of()
                        .add("direction", "inbound").raw(target).raw(tls).raw(srv).raw(route).raw(authz).toString(),
                        false));
                s.add(f);
                if (!httpAuthzSets.contains(s)) {
                    httpAuthzSets.add(s);
                    httpAuthz.add(Buf.ascii(LabelText.of().raw(target).raw(srv).raw(route).raw(authz).raw(tls)
                            .toString()));
                }
            }
            TcpSet t = tcpSets.computeIfAbsent("in-src|" + key, k -> new TcpSet(LabelText.of()
                    .add("direction", "inbound").add("peer", "src").raw(target).raw(tls).raw(srv).toString(),
                    TcpSet.Side.INBOUND_SRC));
            t.flows.add(f);
            if (!tcpAuthzSets.contains(t)) {
                tcpAuthzSets.add(t);
                String tcpAuthzAuthz = LabelText.of().add("authz_group", "").add("authz_kind", "default")
                        .add("authz_name", "all-unauthenticated").toString();
                tcpAuthz.add(Buf.ascii(LabelText.of().raw(target).raw(srv).raw(tcpAuthzAuthz).raw(tls).toString()));
            }
            if (port != ShopModel.ADMIN_PORT) {
                tcpSets.computeIfAbsent("in-dst", k -> new TcpSet(LabelText.of().add("direction", "inbound")
                        .add("peer", "dst").add("tls", "no_identity").add("no_tls_reason", "loopback").toString(),
                        TcpSet.Side.INBOUND_DST)).flows.add(f);
            } else if (f.caller == null) {
                probe = f;
            }
        }
        for (Flow f : out) {
            SimPod callee = f.callee;
            int port = f.edge.port();
            boolean viaService = port != ShopModel.ADMIN_PORT && callee.service().hasService();
            String authority = viaService ? LabelText.of().add("authority", callee.service().name() + "."
                    + callee.namespace() + ".svc.cluster.local:" + port).toString() : "";
            String tls = LabelText.of().add("tls", "true").add("server_id", callee.service().identity()).toString();
            String endpoint = LabelText.of().raw(authority).raw(target(callee.ip(), port)).raw(tls)
                    .raw(dstLabels(callee, viaService)).toString();
            String key = callee.ip() + ":" + port;
            if (f.edge.protocol() != Protocol.TCP) {
                httpSets.computeIfAbsent("out|" + key, k -> new HttpSet(LabelText.of().add("direction", "outbound")
                        .raw(endpoint).toString(), true)).add(f);
                if (serviceProfiles && viaService) {
                    routeSets.computeIfAbsent(callee.service().authority().replace(":" + callee.service().port(),
                            ":" + port), k -> new HttpSet(LabelText.of().add("direction", "outbound").add("dst", k)
                            .add("rt_route", routeName(callee.service().name(), f.edge.protocol())).toString(),
                            true)).add(f);
                }
            }
            String original = viaService ? callee.service().clusterIp() : callee.ip();
            tcpSets.computeIfAbsent("out-src|" + original + ":" + port, k -> new TcpSet(LabelText.of()
                    .add("direction", "outbound").add("peer", "src").raw(target(original, port))
                    .add("tls", "no_identity").add("no_tls_reason", "loopback").toString(),
                    TcpSet.Side.OUTBOUND_SRC)).flows.add(f);
            tcpSets.computeIfAbsent("out-dst|" + key, k -> new TcpSet(LabelText.of().add("direction", "outbound")
                    .add("peer", "dst").raw(endpoint).toString(), TcpSet.Side.OUTBOUND_DST)).flows.add(f);
        }
        httpSets.values().forEach(s -> http.add(s.seal()));
        routeSets.values().forEach(s -> routes.add(s.seal()));
        tcp.addAll(tcpSets.values());
        probeFlow = probe;
        tcpErrors = Buf.ascii(LabelText.of().add("error", "i/o").raw(target(pod.ip(), ShopModel.ADMIN_PORT))
                .toString());
        control.add(new ControlSet(pod, "linkerd-dst-headless.linkerd.svc.cluster.local:8086",
                "linkerd-destination", 60_000, 3));
        control.add(new ControlSet(pod, "linkerd-policy.linkerd.svc.cluster.local:8090", "linkerd-destination",
                60_000, 2));
        control.add(new ControlSet(pod, "linkerd-identity-headless.linkerd.svc.cluster.local:8080",
                "linkerd-identity", 60_480_000, 15));
        client = new ClientBlock(pod, in, out, control);
    }

    private static String target(String ip, int port) {
        return LabelText.of().add("target_addr", ip + ":" + port).add("target_ip", ip)
                .add("target_port", Integer.toString(port)).toString();
    }

    /** The destination controller's metric labels for an endpoint, prefixed {@code dst_} and sorted by key. */
    static String dstLabels(SimPod p, boolean withService) {
        LabelText l = LabelText.of().add("dst_control_plane_ns", CONTROL_NS);
        l.add(p.service().isDaemonSet() ? "dst_daemonset" : "dst_deployment", p.service().name());
        l.add("dst_namespace", p.namespace()).add("dst_pod", p.name());
        if (!p.service().isDaemonSet()) {
            l.add("dst_pod_template_hash", p.templateHash());
        }
        if (withService) {
            l.add("dst_service", p.service().name());
        }
        return l.add("dst_serviceaccount", p.service().serviceAccount()).add("dst_zone", "")
                .add("dst_zone_locality", "unknown").toString();
    }

    private static String routeName(String svc, Protocol p) {
        if (p == Protocol.GRPC) {
            StringBuilder b = new StringBuilder("POST /oteldemo.");
            for (String part : svc.split("-")) {
                b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
            return b.append("Service/[method]").toString();
        }
        return "GET /";
    }

    /** The page body at {@code now} (milliseconds since the epoch of the simulation clock). */
    public byte[] render(long now) {
        Buf b = POOL.poll();
        if (b == null) {
            b = new Buf(64 * 1024);
        }
        try {
            b.reset();
            synchronized (this) {
                renderTo(now, b);
            }
            return b.toArray();
        } finally {
            POOL.offer(b);
        }
    }

    void renderTo(long now, Buf b) {
        boolean[] liveHttp = new boolean[http.size()];
        for (int i = 0; i < http.size(); i++) {
            liveHttp[i] = http.get(i).compute(now);
        }
        boolean[] liveTcp = new boolean[tcp.size()];
        for (int i = 0; i < tcp.size(); i++) {
            liveTcp[i] = tcp.get(i).compute(now);
        }
        // Inbound policy counters: one per server/route/authorization and TLS identity.
        if (!httpAuthz.isEmpty()) {
            header(b, "inbound_http_authz_allow_total", "counter",
                    "The total number of inbound HTTP requests that were authorized");
            for (int i = 0; i < httpAuthz.size(); i++) {
                HttpSet s = httpAuthzSets.get(i);
                b.put("inbound_http_authz_allow_total{").put(httpAuthz.get(i)).put("} ").num(s.requests).put('\n');
            }
        }
        if (!tcpAuthz.isEmpty()) {
            header(b, "inbound_tcp_authz_allow_total", "counter",
                    "The total number of inbound TCP connections that were authorized");
            for (int i = 0; i < tcpAuthz.size(); i++) {
                TcpSet s = tcpAuthzSets.get(i);
                b.put("inbound_tcp_authz_allow_total{").put(tcpAuthz.get(i)).put("} ").num(s.opened).put('\n');
            }
        }
        if (probeFlow != null) {
            // Kubelet probe connections that the kubelet resets instead of closing show up as I/O errors.
            header(b, "inbound_tcp_errors_total", "counter", "The total number of inbound TCP connections that could not be processed due to a proxy error");
            b.put("inbound_tcp_errors_total{").put(tcpErrors).put("} ").num(1 + probeFlow.requests(now) / 720)
                    .put('\n');
        }
        writeHttpFamilies(b, now, http, liveHttp, "");
        if (!routes.isEmpty()) {
            boolean[] liveRoutes = new boolean[routes.size()];
            for (int i = 0; i < routes.size(); i++) {
                liveRoutes[i] = routes.get(i).compute(now);
            }
            writeHttpFamilies(b, now, routes, liveRoutes, "route_");
        }
        writeControl(b, now);
        writeTcp(b, liveTcp);
        for (String n : new String[] {"opentelemetry_span_export_streams", "opentelemetry_span_export_requests",
            "opentelemetry_span_exports"}) {
            header(b, n, "counter", switch (n) {
                case "opentelemetry_span_export_streams" -> "Total count of opened span export streams";
                case "opentelemetry_span_export_requests" -> "Total count of span export request messages";
                default -> "Total count of spans exported";
            });
            b.put(n).put(" 0\n");
        }
        writeStack(b, now);
        client.renderTo(now, b);
        b.put("# EOF\n");
    }

    private static void header(Buf b, String name, String type, String help) {
        b.put("# HELP ").put(name).put(' ').put(help).put('\n');
        b.put("# TYPE ").put(name).put(' ').put(type).put('\n');
    }

    private static void writeHttpFamilies(Buf b, long now, List<HttpSet> sets, boolean[] live, String prefix) {
        if (!anyLive(live)) {
            return;
        }
        String req = prefix + "request_total";
        header(b, req, "counter", "Total count of HTTP requests.");
        for (int i = 0; i < sets.size(); i++) {
            if (live[i]) {
                b.put(req).put('{').put(sets.get(i).labels).put("} ").num(sets.get(i).requests).put('\n');
            }
        }
        String lat = prefix + "response_latency_ms";
        header(b, lat, "histogram",
                "Elapsed times between a request's headers being received and its response stream completing");
        for (int i = 0; i < sets.size(); i++) {
            if (!live[i]) {
                continue;
            }
            HttpSet s = sets.get(i);
            for (int st = 0; st < s.statusLabels.length; st++) {
                byte[] l = s.statusLabels[st];
                long[] bk = s.buckets[st];
                for (int k = 0; k < bk.length; k++) {
                    b.put(lat).put("_bucket{").put(l).put(LE_LEGACY[k]).num(bk[k]).put('\n');
                }
                b.put(lat).put("_bucket{").put(l).put(",le=\"+Inf\"} ").num(s.statusCount[st]).put('\n');
                b.put(lat).put("_count{").put(l).put("} ").num(s.statusCount[st]).put('\n');
                b.put(lat).put("_sum{").put(l).put("} ").num(s.sums[st]).put('\n');
            }
        }
        String rsp = prefix + "response_total";
        header(b, rsp, "counter", "Total count of HTTP responses.");
        for (int i = 0; i < sets.size(); i++) {
            if (!live[i]) {
                continue;
            }
            HttpSet s = sets.get(i);
            for (int o = 0; o < s.outcomeLabels.length; o++) {
                b.put(rsp).put('{').put(s.outcomeLabels[o]).put("} ").num(s.outcomeCount[o]).put('\n');
            }
        }
    }

    private void writeControl(Buf b, long now) {
        header(b, "control_request_total", "counter", "Total count of HTTP requests.");
        for (ControlSet c : control) {
            c.compute(now);
            b.put("control_request_total{").put(c.labels).put("} ").num(c.requests).put('\n');
        }
        header(b, "control_response_latency_ms", "histogram",
                "Elapsed times between a request's headers being received and its response stream completing");
        for (ControlSet c : control) {
            for (int k = 0; k < c.buckets.length; k++) {
                b.put("control_response_latency_ms_bucket{").put(c.statusLabels).put(LE_LEGACY[k]).num(c.buckets[k])
                        .put('\n');
            }
            b.put("control_response_latency_ms_bucket{").put(c.statusLabels).put(",le=\"+Inf\"} ").num(c.requests)
                    .put('\n');
            b.put("control_response_latency_ms_count{").put(c.statusLabels).put("} ").num(c.requests).put('\n');
            b.put("control_response_latency_ms_sum{").put(c.statusLabels).put("} ").num(c.sumMs).put('\n');
        }
        header(b, "control_response_total", "counter", "Total count of HTTP responses.");
        for (ControlSet c : control) {
            b.put("control_response_total{").put(c.outcomeLabels).put("} ").num(c.requests).put('\n');
        }
    }

    private void writeTcp(Buf b, boolean[] live) {
        if (!anyLive(live)) {
            return;
        }
        header(b, "tcp_open_total", "counter", "Total count of opened connections");
        for (int i = 0; i < tcp.size(); i++) {
            if (live[i]) {
                b.put("tcp_open_total{").put(tcp.get(i).labels).put("} ").num(tcp.get(i).opened).put('\n');
            }
        }
        header(b, "tcp_open_connections", "gauge", "Number of currently-open connections");
        for (int i = 0; i < tcp.size(); i++) {
            if (live[i]) {
                b.put("tcp_open_connections{").put(tcp.get(i).labels).put("} ").num(tcp.get(i).open).put('\n');
            }
        }
        header(b, "tcp_read_bytes_total", "counter", "Total count of bytes read from peers");
        for (int i = 0; i < tcp.size(); i++) {
            if (live[i]) {
                b.put("tcp_read_bytes_total{").put(tcp.get(i).labels).put("} ").num(tcp.get(i).read).put('\n');
            }
        }
        header(b, "tcp_write_bytes_total", "counter", "Total count of bytes written to peers");
        for (int i = 0; i < tcp.size(); i++) {
            if (live[i]) {
                b.put("tcp_write_bytes_total{").put(tcp.get(i).labels).put("} ").num(tcp.get(i).written).put('\n');
            }
        }
        header(b, "tcp_close_total", "counter", "Total count of closed connections");
        for (int i = 0; i < tcp.size(); i++) {
            if (live[i]) {
                b.put("tcp_close_total{").put(tcp.get(i).labels).put(",errno=\"\"} ").num(tcp.get(i).closed)
                        .put('\n');
            }
        }
    }

    private static final String[][] STACKS = {
        {"inbound", "http", "endpoint"}, {"inbound", "http", "logical"}, {"outbound", "http", "balance"},
        {"outbound", "http", "logical"}, {"outbound", "opaq", "forward"},
    };

    private void writeStack(Buf b, long now) {
        long up = Math.max(0, now - pod.startMillis()) / 1000;
        int services = http.size() + tcp.size();
        String[] names = {"stack_create_total", "stack_drop_total", "stack_poll_total", "stack_poll_total_ms"};
        String[] helps = {"Total number of services created", "Total number of services dropped",
            "Total number of times the service has been polled", "Total time spent polling a service"};
        for (int f = 0; f < names.length; f++) {
            header(b, names[f], "counter", helps[f]);
            for (String[] s : STACKS) {
                b.put(names[f]).put("{direction=\"").put(s[0]).put("\",protocol=\"").put(s[1]).put("\",name=\"")
                        .put(s[2]).put('"');
                if (f == 2) {
                    b.put(",ready=\"true\"");
                }
                long v = switch (f) {
                    case 0 -> services;
                    case 1 -> 0;
                    case 2 -> services + up * 3;
                    default -> up / 20;
                };
                b.put("} ").num(v).put('\n');
            }
        }
    }

    private static boolean anyLive(boolean[] live) {
        for (boolean l : live) {
            if (l) {
                return true;
            }
        }
        return false;
    }
}
