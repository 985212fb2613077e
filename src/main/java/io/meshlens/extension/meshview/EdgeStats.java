package io.meshlens.extension.meshview;

import io.meshlens.extension.meshview.PromClient.PromException;
import io.meshlens.extension.meshview.PromClient.Sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.meshlens.extension.meshview.MeshLabels.DEPLOYMENT;
import static io.meshlens.extension.meshview.MeshLabels.INBOUND;
import static io.meshlens.extension.meshview.MeshLabels.NAMESPACE;
import static io.meshlens.extension.meshview.MeshLabels.OUTBOUND;
import static io.meshlens.extension.meshview.MeshLabels.finite;

/**
 * Source → destination traffic, like {@code linkerd viz edges deploy}, from the <em>outbound</em>
 * side of the source's proxy: the source is the series' own deployment, the destination its
 * {@code dst_namespace}/{@code dst_deployment} (and {@code dst_service}, which the root-cause view
 * matches spans against). The server identity is the outbound {@code server_id}. Viz takes the
 * client identity from the source pod's service account via the Kubernetes API; the view reads only
 * the backend, so it takes the {@code client_id} the destination saw inbound whose service account
 * and namespace are the source's ({@code <sa>.<ns>.serviceaccount.identity...}, one service account
 * per deployment named after it, as in the OTel demo).
 *
 * <p>A <em>hidden failure</em> is a response with a 2xx {@code status_code} and a
 * {@code grpc_status} other than 0: HTTP says success, the gRPC trailer says otherwise.
 */
final class EdgeStats {
    record Edge(String srcNamespace, String src, String dstNamespace, String dst, String dstService, double rps,
                Double successRate, Double p99Ms, String tls, String clientId, String serverId,
                List<HiddenFailure> hiddenFailures) {
        boolean failing() {
            return (successRate != null && successRate < 1) || !hiddenFailures.isEmpty();
        }
    }

    /** Responses in the window with HTTP 2xx and this gRPC code; {@code count} is their increase. */
    record HiddenFailure(String grpcStatus, String name, long count, double rps) {
    }

    private EdgeStats() {
    }

    static List<Edge> query(PromClient mesh, Duration window) throws PromException {
        String w = MeshLabels.range(window);
        String by = NAMESPACE + "," + DEPLOYMENT + ",dst_namespace,dst_deployment,dst_service";
        Map<String, Acc> rows = new TreeMap<>();
        for (Sample s : mesh.query("sum by (" + by + ",classification,tls,server_id) (rate(response_total{"
                + OUTBOUND + "}[" + w + "]))")) {
            Acc a = row(rows, s);
            a.total += s.value();
            if (s.label("classification").equals("success")) {
                a.success += s.value();
            }
            if (!s.label("tls").isEmpty()) {
                a.tls = s.label("tls");
            }
            if (!s.label("server_id").isEmpty()) {
                a.serverId = s.label("server_id");
            }
        }
        for (Sample s : mesh.query("histogram_quantile(0.99, sum by (le," + by + ") (rate(response_latency_ms_bucket{"
                + OUTBOUND + "}[" + w + "])))")) {
            row(rows, s).p99 = s.value();
        }
        String hidden = OUTBOUND + ",status_code=~\"2..\",grpc_status!=\"\",grpc_status!=\"0\"";
        Map<String, Double> hiddenRates = new TreeMap<>();
        for (Sample s : mesh.query("sum by (" + by + ",grpc_status) (rate(response_total{" + hidden + "}[" + w + "]))")) {
            hiddenRates.put(key(s) + "|" + s.label("grpc_status"), s.value());
        }
        for (Sample s : mesh.query("sum by (" + by + ",grpc_status) (increase(response_total{" + hidden + "}["
                + w + "]))")) {
            long count = Math.round(s.value());
            if (count > 0) {
                String code = s.label("grpc_status");
                row(rows, s).hidden.add(new HiddenFailure(code, GrpcStatus.name(code), count,
                        hiddenRates.getOrDefault(key(s) + "|" + code, 0.0)));
            }
        }
        List<Sample> clients = mesh.query("sum by (" + NAMESPACE + "," + DEPLOYMENT + ",client_id) (rate(response_total{"
                + INBOUND + ",tls=\"true\"}[" + w + "]))");
        List<Edge> out = new ArrayList<>();
        for (Acc a : rows.values()) {
            out.add(new Edge(a.srcNs, a.src, a.dstNs, a.dst, a.dstService, a.total,
                    a.total > 0 ? a.success / a.total : null, finite(a.p99), a.tls, clientId(clients, a),
                    a.serverId, List.copyOf(a.hidden)));
        }
        return out;
    }

    private static String clientId(List<Sample> inbound, Acc a) {
        String prefix = a.src + "." + a.srcNs + ".serviceaccount.";
        for (Sample s : inbound) {
            if (s.label(NAMESPACE).equals(a.dstNs) && s.label(DEPLOYMENT).equals(a.dst)
                    && s.label("client_id").startsWith(prefix)) {
                return s.label("client_id");
            }
        }
        return "";
    }

    private static String key(Sample s) {
        return s.label(NAMESPACE) + "/" + s.label(DEPLOYMENT) + ">" + s.label("dst_namespace") + "/"
                + s.label("dst_deployment") + "/" + s.label("dst_service");
    }

    private static Acc row(Map<String, Acc> rows, Sample s) {
        return rows.computeIfAbsent(key(s), k -> new Acc(s));
    }

    private static final class Acc {
        final String srcNs;
        final String src;
        final String dstNs;
        final String dst;
        final String dstService;
        double total;
        double success;
        double p99 = Double.NaN;
        String tls = "";
        String serverId = "";
        final List<HiddenFailure> hidden = new ArrayList<>();

        Acc(Sample s) {
            srcNs = s.label(NAMESPACE);
            src = s.label(DEPLOYMENT);
            dstNs = s.label("dst_namespace");
            dst = s.label("dst_deployment");
            dstService = s.label("dst_service");
        }
    }
}
