package io.meshlens.model;

/**
 * One metric (name, type, unit, description) and its points. Mutable, like pdata: processors
 * rename, re-tag and filter in place. A batch sent to several consumers is copied first
 * ({@link MetricBatch#copy()}), so a consumer owns what it receives.
 *
 * <p>A metric made to be reused ({@link #markReusable}: the scrape receiver's, one per family and
 * target) is filled again by its maker once the batch's last consumer has {@link #release}d it,
 * instead of a new one being allocated. The release is a flag, not a reference: a reused metric
 * lives in the old generation, and storing references into it would dirty the collector's card
 * table on every scrape (each young collection then scans what was written). Copies are not reusable.
 */
public final class Metric {
    private boolean reusable;
    private volatile boolean released;
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

    /** Marks a metric its maker will fill again once {@link #release}d (see {@link #released}). */
    public void markReusable() {
        this.reusable = true;
    }

    /**
     * Hands a reusable metric back to its maker: whoever releases it must hold the only reference
     * left to it and to its points' arrays, and use none of them afterwards (the last consumer of a
     * batch, once it has encoded it). Does nothing for other metrics; releasing twice is once.
     */
    public void release() {
        if (reusable) {
            released = true;
        }
    }

    /** Whether the metric has been released since it was last filled: its maker may {@link #reuse} it. */
    public boolean released() {
        return released;
    }

    /**
     * Makes a released metric as new: this metadata, no points (the columns keep their arrays, to
     * be filled again). Processors may have renamed or re-tagged it while it was out. Fields that
     * already hold the value are not written (see the class comment).
     */
    public void reuse(String name, String description, String unit, Temporality t, boolean monotonic) {
        released = false;
        if (this.name != name) {
            this.name = name;
        }
        String d = description == null ? "" : description;
        if (this.description != d) {
            this.description = d;
        }
        String u = unit == null ? "" : unit;
        if (this.unit != u) {
            this.unit = u;
        }
        if (this.temporality != t) {
            this.temporality = t;
        }
        this.monotonic = monotonic;
        points.clear();
    }

    /** Same metadata, no points (not reusable). */
    public Metric copyEmpty() {
        return new Metric(name, description, unit, type, temporality, monotonic, points.copyEmpty());
    }

    /** A deep copy (not reusable: the copy's consumer owns it). */
    public Metric copy() {
        return new Metric(name, description, unit, type, temporality, monotonic, points.copy());
    }

    @Override
    public String toString() {
        return "Metric{" + name + " " + type + " points=" + points.size() + "}";
    }
}
