package io.meshlens.scrape;

/** HELP/TYPE/UNIT of one metric family as exposed by a target (Prometheus's scrape metadata). */
public record FamilyMetadata(String family, PromType type, String help, String unit) {
    public FamilyMetadata {
        help = help == null ? "" : help;
        unit = unit == null ? "" : unit;
    }

    /** Prometheus exposition metric types (text and OpenMetrics). */
    public enum PromType {
        COUNTER, GAUGE, HISTOGRAM, GAUGEHISTOGRAM, SUMMARY, INFO, STATESET, UNKNOWN;

        /** Parses a TYPE token; "untyped" is Prometheus text's name for unknown. */
        public static PromType parse(String s) {
            return switch (s) {
                case "counter" -> COUNTER;
                case "gauge" -> GAUGE;
                case "histogram" -> HISTOGRAM;
                case "gaugehistogram" -> GAUGEHISTOGRAM;
                case "summary" -> SUMMARY;
                case "info" -> INFO;
                case "stateset" -> STATESET;
                default -> UNKNOWN;
            };
        }
    }
}
