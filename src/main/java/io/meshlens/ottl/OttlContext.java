package io.meshlens.ottl;

/** The OTTL contexts conditions are compiled for; each has its own paths and functions. */
public enum OttlContext {
    /** ottlmetric: one metric (name, type, ...), its resource and scope. */
    METRIC("Metric", "ottlmetric"),
    /** ottldatapoint: one data point, its metric, resource and scope. */
    DATAPOINT("DataPoint", "ottldatapoint"),
    /** ottlspan: one span, its resource and scope. */
    SPAN("Span", "ottlspan");

    final String displayName;
    final String docPackage;

    OttlContext(String displayName, String docPackage) {
        this.displayName = displayName;
        this.docPackage = docPackage;
    }
}
