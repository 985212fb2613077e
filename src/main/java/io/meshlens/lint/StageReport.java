package io.meshlens.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code meshlens explain} prints: one scrape followed through a pipeline, stage by stage
 * (scrape, relabeling, each processor), and the Prometheus names as they land in the backend.
 * {@link Explainer} fills it; this is the data and its text/JSON rendering.
 *
 * @param pipeline the pipeline ID, e.g. {@code metrics/mesh}
 * @param source   where the sample came from (a file, a URL, "built-in Linkerd proxy sample")
 * @param stages   in pipeline order
 * @param landed   the final Prometheus names, incl. synthetic series and {@code target_info}
 * @param notes    what the dry run assumed or skipped (fake discovery labels, pass-through processors)
 */
public record StageReport(String pipeline, String source, List<Stage> stages, List<LandedName> landed,
                          List<String> notes) {
    public StageReport {
        stages = List.copyOf(stages);
        landed = List.copyOf(landed);
        notes = List.copyOf(notes);
    }

    public StageReport(String pipeline, String source, List<Stage> stages, List<LandedName> landed) {
        this(pipeline, source, stages, landed, List.of());
    }

    /**
     * The data after one stage.
     *
     * @param name             e.g. {@code scrape}, {@code metric_relabel_configs}, {@code filter/mesh}
     * @param families         metric families (histogram = one family)
     * @param names            metric names after the stage, sorted
     * @param series           series count (a histogram point counts its _bucket/_count/_sum series)
     * @param labelsPerSeries  labels per series → number of series with that many labels
     * @param dropped          names present before this stage and gone after it, sorted
     */
    public record Stage(String name, int families, List<String> names, long series, Map<Integer, Long> labelsPerSeries,
                        List<String> dropped) {
        public Stage {
            names = List.copyOf(names);
            labelsPerSeries = new TreeMap<>(labelsPerSeries);
            dropped = List.copyOf(dropped);
        }
    }

    /** A name as stored by the backend and why it is there. */
    public record LandedName(String name, Origin origin) {
    }

    /** Where a landed name comes from. */
    public enum Origin {
        /** from the scraped body, through the pipeline */
        SCRAPED,
        /** up / scrape_* added by the scrape after metric relabeling */
        SYNTHETIC,
        /** target_info, made by the exporter from resource attributes */
        EXPORTER
    }

    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append("pipeline ").append(pipeline).append(" on ").append(source).append('\n');
        for (String n : notes) {
            sb.append("note: ").append(n).append('\n');
        }
        sb.append(String.format("%-28s %9s %7s %9s  %s%n", "stage", "families", "names", "series", "labels/series"));
        for (Stage s : stages) {
            sb.append(String.format("%-28s %9d %7d %9d  %s%n", s.name(), s.families(), s.names().size(), s.series(),
                    labels(s.labelsPerSeries())));
        }
        for (Stage s : stages) {
            if (!s.dropped().isEmpty()) {
                sb.append("dropped by ").append(s.name()).append(" (").append(s.dropped().size()).append("): ")
                        .append(String.join(", ", s.dropped())).append('\n');
            }
        }
        sb.append("lands in the backend as ").append(landed.size()).append(" names:\n");
        for (LandedName n : landed) {
            sb.append("  ").append(n.name());
            if (n.origin() != Origin.SCRAPED) {
                sb.append("  (").append(n.origin() == Origin.SYNTHETIC ? "synthetic scrape series" : "added by the exporter")
                        .append(')');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** {@code 12:40 14:3}: label count → series with that count; "-" when there are none. */
    private static String labels(Map<Integer, Long> m) {
        if (m.isEmpty()) {
            return "-";
        }
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append(':').append(v));
        return sb.toString();
    }

    public String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("pipeline", pipeline);
        root.put("source", source);
        ArrayNode ns = root.putArray("notes");
        notes.forEach(ns::add);
        ArrayNode st = root.putArray("stages");
        for (Stage s : stages) {
            ObjectNode o = st.addObject();
            o.put("name", s.name());
            o.put("families", s.families());
            o.put("series", s.series());
            ArrayNode names = o.putArray("names");
            s.names().forEach(names::add);
            ObjectNode lps = o.putObject("labels_per_series");
            s.labelsPerSeries().forEach((k, v) -> lps.put(String.valueOf(k), v));
            ArrayNode d = o.putArray("dropped");
            s.dropped().forEach(d::add);
        }
        ArrayNode l = root.putArray("landed");
        for (LandedName n : landed) {
            l.addObject().put("name", n.name()).put("origin", n.origin().name().toLowerCase());
        }
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
