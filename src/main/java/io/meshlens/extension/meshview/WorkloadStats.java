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
import static io.meshlens.extension.meshview.MeshLabels.MESH;
import static io.meshlens.extension.meshview.MeshLabels.NAMESPACE;
import static io.meshlens.extension.meshview.MeshLabels.POD;
import static io.meshlens.extension.meshview.MeshLabels.finite;

/**
 * Golden metrics per deployment, as {@code linkerd viz stat deploy} computes them
 * ({@code viz/metrics-api/stat_summary.go}): from the <em>inbound</em> side of each workload's
 * proxy (the server's view), success = {@code classification="success"} over all responses (so a
 * gRPC 14 under HTTP 200 is a failure), RPS = rate of {@code response_total}, latency quantiles from
 * {@code response_latency_ms_bucket} summed by {@code le}.
 */
final class WorkloadStats {
    /** One row; numbers are null where the workload had no inbound traffic in the window. */
    record Workload(String namespace, String deployment, Double successRate, double rps, Double p50Ms, Double p95Ms,
                    Double p99Ms, double tcpConnections, int meshedPods) {
    }

    private WorkloadStats() {
    }

    static List<Workload> query(PromClient mesh, Duration window) throws PromException {
        String w = MeshLabels.range(window);
        String by = NAMESPACE + "," + DEPLOYMENT;
        Map<String, Acc> rows = new TreeMap<>();
        for (Sample s : mesh.query("sum by (" + by + ",classification) (rate(response_total{" + INBOUND + "}[" + w + "]))")) {
            Acc a = row(rows, s);
            a.total += s.value();
            if (s.label("classification").equals("success")) {
                a.success += s.value();
            }
        }
        double[] qs = {0.5, 0.95, 0.99};
        for (int i = 0; i < qs.length; i++) {
            for (Sample s : mesh.query("histogram_quantile(" + qs[i] + ", sum by (le," + by
                    + ") (rate(response_latency_ms_bucket{" + INBOUND + "}[" + w + "])))")) {
                row(rows, s).quantiles[i] = s.value();
            }
        }
        for (Sample s : mesh.query("sum by (" + by + ") (tcp_open_connections{" + INBOUND + "})")) {
            row(rows, s).tcp = s.value();
        }
        // A pod is meshed when its proxy reports anything: its series carry the pod name.
        for (Sample s : mesh.query("count by (" + by + ") (count by (" + by + "," + POD + ") ({" + MESH
                + ",__name__=~\"response_total|tcp_open_connections\"}))")) {
            row(rows, s).pods = (int) s.value();
        }
        List<Workload> out = new ArrayList<>();
        rows.forEach((k, a) -> out.add(new Workload(a.namespace, a.deployment,
                a.total > 0 ? a.success / a.total : null, a.total, finite(a.quantiles[0]), finite(a.quantiles[1]),
                finite(a.quantiles[2]), a.tcp, a.pods)));
        return out;
    }

    private static Acc row(Map<String, Acc> rows, Sample s) {
        String ns = s.label(NAMESPACE);
        String dep = s.label(DEPLOYMENT);
        return rows.computeIfAbsent(ns + "/" + dep, k -> new Acc(ns, dep));
    }

    private static final class Acc {
        final String namespace;
        final String deployment;
        double total;
        double success;
        final double[] quantiles = {Double.NaN, Double.NaN, Double.NaN};
        double tcp;
        int pods;

        Acc(String namespace, String deployment) {
            this.namespace = namespace;
            this.deployment = deployment;
        }
    }
}
