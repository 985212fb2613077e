package io.meshlens.exporter.prometheus;

/** Prometheus metric family types the exporter writes. */
enum FamilyType {
    GAUGE("gauge"), COUNTER("counter"), HISTOGRAM("histogram"), SUMMARY("summary");

    final String text;

    FamilyType(String text) {
        this.text = text;
    }
}
