package io.meshlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code meshlens cardinality}: names and series per pipeline stage and in the backend. */
@Command(name = "cardinality", mixinStandardHelpOptions = true,
        description = {"Metric names and series after each pipeline stage of a running meshlens, and in the",
                "mesh backend: series per metric name, labels per series, labels with most distinct values."})
final class CardinalityCommand implements Callable<Integer> {
    @Mixin
    MeshViewClient client;

    @Override
    public Integer call() {
        JsonNode doc = client.get("/api/cardinality", System.err);
        if (doc == null) {
            return 1;
        }
        if (client.json()) {
            MeshViewClient.printJson(doc, System.out);
            return MeshViewClient.exitCode(doc);
        }
        doc.path("pipelines").fields().forEachRemaining(p -> {
            System.out.println("Pipeline " + p.getKey());
            TextTable t = new TextTable("AFTER_STAGE", "NAMES", "PROM_NAMES", "SERIES", "PROM_SERIES");
            JsonNode stages = p.getValue();
            for (int i = 0; i < stages.size(); i++) {
                JsonNode s = stages.get(i);
                t.row(s.path("stage").asText() + (i == stages.size() - 1 ? " -> exporters" : ""),
                        s.path("names").asText(), s.path("promNames").asText(),
                        s.path("series").asText() + (s.path("saturated").asBoolean() ? "+" : ""),
                        s.path("promSeries").asText());
            }
            t.print(System.out);
            System.out.println();
        });
        JsonNode b = doc.path("backend");
        if (!b.isMissingNode()) {
            System.out.println("Mesh backend (layer=\"mesh\")");
            TextTable names = new TextTable("METRIC", "SERIES", "LABELS_PER_SERIES");
            b.path("names").forEach(n -> names.row(n.path("name").asText(), n.path("series").asText(),
                    TextTable.text(n.path("labelsPerSeries"))));
            names.print(System.out);
            System.out.println();
            TextTable labels = new TextTable("LABEL", "DISTINCT_VALUES");
            b.path("topLabels").forEach(l -> labels.row(l.path("label").asText(), l.path("distinctValues").asText()));
            labels.print(System.out);
            if (!b.path("summary").asText().isEmpty()) {
                System.out.println();
                System.out.println(b.path("summary").asText());
            }
        }
        return MeshViewClient.exitCode(doc);
    }
}
