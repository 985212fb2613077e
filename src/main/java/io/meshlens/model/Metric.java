package io.meshlens.model;

/**
 * One metric (name, type, unit, description) and its points. Mutable, like pdata: processors
 * rename, re-tag and filter in place. A batch sent to several consumers is copied first
 * ({@link MetricBatch#copy()}), so a consumer owns what it receives.
 *
 * <p>A metric may have an {@link Owner} that takes it back once it has been delivered
 * ({@link #release}), to fill it again: the scrape receiver reuses each family's metric and its
 * points' arrays from scrape to scrape instead of allocating them anew. Copies have no owner.
 */
public final class Metric {
    /** Takes released metrics back for reuse; called on the releasing thread. */
    public interface Owner {
        void takeBack(Metric m);
    }

    private Owner owner;
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

    /** Who takes this metric back on {@link #release} (null: nobody; it is left to the garbage collector). */
    public void setOwner(Owner o) {
        this.owner = o;
    }

    /**
     * Hands the metric back to its owner, if it has one, for reuse: whoever releases it must hold
     * the only reference left to it and to its points' arrays, and use none of them afterwards
     * (the last consumer of a batch, once it has encoded it). Releasing again does nothing.
     */
    public void release() {
        Owner o = owner;
        if (o != null) {
            owner = null;
            o.takeBack(this);
        }
    }

    /**
     * Makes a taken-back metric as new: this metadata, no points (the columns keep their arrays, to
     * be filled again). Processors may have renamed or re-tagged it while it was out.
     */
    public void reuse(String name, String description, String unit, Temporality t, boolean monotonic) {
        setName(name);
        setDescription(description);
        setUnit(unit);
        this.temporality = t;
        this.monotonic = monotonic;
        points.clear();
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
