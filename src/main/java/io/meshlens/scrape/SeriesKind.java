package io.meshlens.scrape;

/** What one exposed sample contributes to its OTel data point. */
enum SeriesKind {
    /** A gauge/counter/unknown value. */
    VALUE,
    /** A histogram bucket ({@code le} is the bound). */
    BUCKET,
    /** A summary quantile ({@code quantile} is the bound). */
    QUANTILE,
    SUM,
    COUNT,
    CREATED,
    /** Part of a family with no OTLP equivalent (gaugehistogram) or malformed (bucket without le): dropped. */
    IGNORED
}
