package io.meshlens.extension.meshview;

import com.fasterxml.jackson.databind.JsonNode;
import io.meshlens.extension.meshview.PromClient.PromException;
import io.meshlens.extension.meshview.PromClient.Sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static io.meshlens.extension.meshview.MeshLabels.MESH;

/**
 * What the mesh series cost in the backend: series per metric name ({@code count by (__name__)}
 * over {@code layer="mesh"}), labels per series of the biggest names (from {@code /api/v1/series}),
 * and the labels with the most distinct values ({@code /api/v1/status/tsdb}, which Prometheus and
 * VictoriaMetrics both serve, over the whole datasource). The summary sentence is the seed's point:
 * filtering by family shortens the name list, not the label cardinality inside a kept family.
 */
final class BackendCardinality {
    /** How many biggest names get their labels-per-series looked up (one series request each). */
    private static final int LABEL_LOOKUPS = 5;

    record NameCount(String name, long series, Integer labelsPerSeries) {
    }

    record LabelCount(String label, long distinctValues) {
    }

    record Backend(long totalSeries, List<NameCount> names, List<LabelCount> topLabels, String summary,
                   List<String> errors) {
    }

    private BackendCardinality() {
    }

    static Backend query(PromClient mesh, Duration lookback) throws PromException {
        List<NameCount> names = new ArrayList<>();
        for (Sample s : mesh.query("count by (__name__) ({" + MESH + "})")) {
            names.add(new NameCount(s.label("__name__"), Math.round(s.value()), null));
        }
        names.sort(Comparator.comparingLong(NameCount::series).reversed().thenComparing(NameCount::name));
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < Math.min(LABEL_LOOKUPS, names.size()); i++) {
            NameCount n = names.get(i);
            try {
                int labels = mesh.series(n.name() + "{" + MESH + "}", lookback).stream()
                        .mapToInt(m -> m.size()).max().orElse(0);
                names.set(i, new NameCount(n.name(), n.series(), labels));
            } catch (PromException e) {
                errors.add(e.getMessage());
            }
        }
        List<LabelCount> top = new ArrayList<>();
        try {
            JsonNode status = mesh.tsdbStatus();
            for (JsonNode l : status.path("labelValueCountByLabelName")) {
                top.add(new LabelCount(l.path("name").asText(), l.path("value").asLong()));
            }
            top.sort(Comparator.comparingLong(LabelCount::distinctValues).reversed());
            if (top.size() > 10) {
                top = new ArrayList<>(top.subList(0, 10));
            }
        } catch (PromException e) {
            errors.add(e.getMessage());
        }
        long total = names.stream().mapToLong(NameCount::series).sum();
        return new Backend(total, names, top, summary(names), errors);
    }

    static String summary(List<NameCount> names) {
        if (names.isEmpty()) {
            return "";
        }
        NameCount big = names.getFirst();
        long total = names.stream().mapToLong(NameCount::series).sum();
        return String.format(Locale.ROOT, "%d metric names reach the backend, but %s alone has %,d of the %,d series%s: "
                        + "filtering by family shortens the name list; it does nothing to the label cardinality "
                        + "inside a family you keep.", names.size(), big.name(), big.series(), total,
                big.labelsPerSeries() == null ? "" : ", each with " + big.labelsPerSeries() + " labels");
    }
}
