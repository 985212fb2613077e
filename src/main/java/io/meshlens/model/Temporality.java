package io.meshlens.model;

/** OTLP aggregation temporality; {@link #ottlName()} is the OTTL enum symbol. */
public enum Temporality {
    UNSPECIFIED, DELTA, CUMULATIVE;

    public String ottlName() {
        return "AGGREGATION_TEMPORALITY_" + name();
    }
}
