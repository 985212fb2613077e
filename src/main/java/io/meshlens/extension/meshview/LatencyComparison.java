package io.meshlens.extension.meshview;

import io.meshlens.extension.meshview.PromClient.PromException;
import io.meshlens.extension.meshview.PromClient.Series;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import static io.meshlens.extension.meshview.MeshLabels.DEPLOYMENT;
import static io.meshlens.extension.meshview.MeshLabels.INBOUND;
import static io.meshlens.extension.meshview.MeshLabels.POD;

/**
 * "p99 latency: mesh layer vs. app layer": the mesh p99 per pod (inbound
 * {@code response_latency_ms_bucket}, mesh datasource) and the app p99 of one app histogram in
 * seconds, converted to ms (app datasource), on one time grid — the chart the seed wires by hand in
 * Grafana with a mixed datasource panel — plus the gap between the app and the mesh measurement of
 * the same workload.
 */
final class LatencyComparison {
    /** One line of the chart; {@code values} align with {@link Chart#times()}, null where there is no value. */
    record Line(String name, String layer, String deployment, List<Double> values) {
    }

    /**
     * @param meshP99Ms  latest mesh p99 of the compared deployment (the highest of its pods)
     * @param appP99Ms   latest app p99
     * @param gapMs      mesh minus app: time spent outside the app's own measurement (proxy, network, queueing)
     */
    record Chart(List<Long> times, List<Line> lines, String deployment, Double meshP99Ms, Double appP99Ms,
                 Double gapMs, List<String> errors) {
    }

    private LatencyComparison() {
    }

    static Chart query(PromClient mesh, PromClient app, Duration window, MeshViewConfig.Latency cfg) {
        Instant end = Instant.now();
        Instant start = end.minus(cfg.range());
        Duration step = Duration.ofSeconds(Math.max(15, cfg.range().toSeconds() / 240));
        String w = MeshLabels.range(window);
        List<String> errors = new ArrayList<>();
        List<Series> meshSeries = List.of();
        List<Series> appSeries = List.of();
        try {
            meshSeries = mesh.queryRange("histogram_quantile(0.99, sum by (le," + POD + "," + DEPLOYMENT
                    + ") (rate(response_latency_ms_bucket{" + INBOUND + "}[" + w + "])))", start, end, step);
        } catch (PromException e) {
            errors.add(e.getMessage());
        }
        try {
            appSeries = app.queryRange("histogram_quantile(0.99, sum by (le) (rate(" + cfg.appMetric() + "_bucket["
                    + w + "]))) * 1000", start, end, step);
        } catch (PromException e) {
            errors.add(e.getMessage());
        }
        TreeSet<Long> grid = new TreeSet<>();
        meshSeries.forEach(s -> grid.addAll(s.times()));
        appSeries.forEach(s -> grid.addAll(s.times()));
        List<Long> times = new ArrayList<>(grid);
        List<Line> lines = new ArrayList<>();
        Double meshLatest = null;
        for (Series s : meshSeries) {
            String pod = s.labels().getOrDefault(POD, "");
            String dep = s.labels().getOrDefault(DEPLOYMENT, "");
            Line line = new Line("mesh p99 " + (pod.isEmpty() ? dep : pod), "mesh", dep, align(times, s));
            lines.add(line);
            if (dep.equals(cfg.deployment())) {
                Double v = latest(line.values());
                if (v != null && (meshLatest == null || v > meshLatest)) {
                    meshLatest = v;
                }
            }
        }
        lines.sort((a, b) -> a.name().compareTo(b.name()));
        Double appLatest = null;
        for (Series s : appSeries) {
            Line line = new Line("app p99 " + cfg.appMetric(), "app", cfg.deployment(), align(times, s));
            lines.add(line);
            appLatest = latest(line.values());
        }
        Double gap = meshLatest != null && appLatest != null ? meshLatest - appLatest : null;
        return new Chart(times, lines, cfg.deployment(), meshLatest, appLatest, gap, errors);
    }

    private static List<Double> align(List<Long> times, Series s) {
        List<Double> out = new ArrayList<>(times.size());
        int j = 0;
        for (long t : times) {
            while (j < s.times().size() && s.times().get(j) < t) {
                j++;
            }
            out.add(j < s.times().size() && s.times().get(j) == t ? MeshLabels.finite(s.values().get(j)) : null);
        }
        return out;
    }

    private static Double latest(List<Double> values) {
        for (int i = values.size() - 1; i >= 0; i--) {
            if (values.get(i) != null) {
                return values.get(i);
            }
        }
        return null;
    }
}
