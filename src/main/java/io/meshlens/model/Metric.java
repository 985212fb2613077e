package io.meshlens.model;

/**
 * One metric (name, type, unit, description) and its points. Mutable, like pdata: processors
 * rename, re-tag and filter in place. A batch sent to several consumers is copied first
 * ({@link MetricBatch#copy()}), so a consumer owns what it receives.
 */
public final class Metric {
    private String name;
    private String description;
    private String unit;
    private final MetricType type;
    private Temporality temporality;
    private boolean monotonic;
    private final DataPoints points;

    private Metric(String name, String description, String unit, MetricType type, Temporality temporality,
                   boolean monotonic, DataPoints points) {
        this.name = name;
        this.description = description == null ? "" : description;
        this.unit = unit == null ? "" : unit;
        this.type = type;
        this.temporality = temporality;
        this.monotonic = monotonic;
        this.points = points;
    }

    public static Metric gauge(String name, String description, String unit, NumberPoints points) {
        return new Metric(name, description, unit, MetricType.GAUGE, Temporality.UNSPECIFIED, false, points);
    }

    public static Metric sum(String name, String description, String unit, Temporality t, boolean monotonic,
                             NumberPoints points) {
        return new Metric(name, description, unit, MetricType.SUM, t, monotonic, points);
    }

    public static Metric histogram(String name, String description, String unit, Temporality t,
                                   HistogramPoints points) {
        return new Metric(name, description, unit, MetricType.HISTOGRAM, t, false, points);
    }

    public static Metric exponentialHistogram(String name, String description, String unit, Temporality t,
                                              ExponentialHistogramPoints points) {
        return new Metric(name, description, unit, MetricType.EXPONENTIAL_HISTOGRAM, t, false, points);
    }

    public static Metric summary(String name, String description, String unit, SummaryPoints points) {
        return new Metric(name, description, unit, MetricType.SUMMARY, Temporality.UNSPECIFIED, false, points);
    }

    public String name() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String description() {
        return description;
    }

    public void setDescription(String d) {
        this.description = d == null ? "" : d;
    }

    public String unit() {
        return unit;
    }

    public void setUnit(String u) {
        this.unit = u == null ? "" : u;
    }

    public MetricType type() {
        return type;
    }

    /** UNSPECIFIED for gauges and summaries. */
    public Temporality temporality() {
        return temporality;
    }

    public void setTemporality(Temporality t) {
        this.temporality = t;
    }

    public boolean isMonotonic() {
        return monotonic;
    }

    public void setMonotonic(boolean m) {
        this.monotonic = m;
    }

    public DataPoints points() {
        return points;
    }

    public NumberPoints numberPoints() {
        return (NumberPoints) points;
    }

    public HistogramPoints histogramPoints() {
        return (HistogramPoints) points;
    }

    public SummaryPoints summaryPoints() {
        return (SummaryPoints) points;
    }

    public ExponentialHistogramPoints exponentialHistogramPoints() {
        return (ExponentialHistogramPoints) points;
    }

    public int pointCount() {
        return points.size();
    }

    /** Same metadata, no points. */
    public Metric copyEmpty() {
        return new Metric(name, description, unit, type, temporality, monotonic, points.copyEmpty());
    }

    public Metric copy() {
        return new Metric(name, description, unit, type, temporality, monotonic, points.copy());
    }

    @Override
    public String toString() {
        return "Metric{" + name + " " + type + " points=" + points.size() + "}";
    }
}
