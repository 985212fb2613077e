package io.meshlens.model;

/** OTLP metric data types; {@link #ottlName()} is the OTTL enum symbol. */
public enum MetricType {
    EMPTY, GAUGE, SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY;

    public String ottlName() {
        return "METRIC_DATA_TYPE_" + name();
    }

    /** OTLP's display name as pdata prints it ("Gauge", "Sum", ...). */
    public String displayName() {
        return switch (this) {
            case EMPTY -> "Empty";
            case GAUGE -> "Gauge";
            case SUM -> "Sum";
            case HISTOGRAM -> "Histogram";
            case EXPONENTIAL_HISTOGRAM -> "ExponentialHistogram";
            case SUMMARY -> "Summary";
        };
    }
}
