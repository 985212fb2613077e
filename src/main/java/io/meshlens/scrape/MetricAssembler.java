package io.meshlens.scrape;

import io.meshlens.component.MetricsDropHint;
import io.meshlens.textparse.FamilyType;
import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.SkippedMetrics;
import io.meshlens.model.SummaryPoints;
import io.meshlens.model.Temporality;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns one target's scraped samples into OTel metrics the way the Collector's Prometheus receiver
 * does (its "transaction" + metrics adjuster), keeping per-series state across scrapes:
 * <ul>
 *   <li>resource per (job, instance) with service.name/service.instance.id/server.*, url.scheme
 *       and k8s.* from discovery ({@link ResourceBuilder});</li>
 *   <li>family by metadata ({@link MetadataStore#resolve}); counters keep {@code _total};
 *       histograms/summaries assembled from {@code _bucket{le}}/{@code _sum}/{@code _count} or
 *       {@code {quantile}} series with the same other labels; unknown → gauge;</li>
 *   <li>start times: first sighting's timestamp, kept until the cumulative value drops (reset);</li>
 *   <li>staleness: a point seen in the previous scrape but not in this one (or all of them when
 *       the scrape failed) is emitted once with the no-recorded-value flag.</li>
 * </ul>
 *
 * <p>Series are resolved once ({@link #resolve}) and the returned {@link Series} handle is kept in
 * the scrape cache, so a steady-state scrape only does {@link #add} per sample: no label work, no
 * map lookups. Not thread-safe: one assembler per scrape loop.
 *
 * <p>Filter pushdown: with a {@link MetricsDropHint} from the pipeline, a family the pipeline drops
 * whole (asked once per family and metadata, so a HELP change asks again) gets no points built and
 * is not put in the batch; it is recorded in the batch's skipped list with the number of points it
 * would have had. Such a family keeps no point state (labels, values, start times): only one
 * {@link DroppedPoint} per point-making series (a number series, or a histogram's or summary's
 * {@code _count}) that remembers when it was last seen, which is what counting its points and its
 * stale markers needs. Its other series share one handle that does nothing. Four in five of a
 * Linkerd proxy's points are in families the seed's filter drops, and their state was ~66 MB of
 * the 475 MB live at 1,000 proxies. Should a HELP change turn such a family into a kept one, its points start then: new
 * start times, and no stale markers for series that were last seen while it was dropped.
 */
public final class MetricAssembler {
    /** Prometheus's staleness marker: a NaN with this exact bit pattern. */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    public static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);

    static final String SCOPE_NAME = "github.com/open-telemetry/opentelemetry-collector-contrib/receiver/prometheusreceiver";

    /** Groups unseen for this many scrapes are forgotten (their cache entries re-resolve if they return). */
    private static final int FORGET_AFTER_SCRAPES = 10;

    /**
     * Family headers (a metric without points, what a drop hint is asked about and what a skipped
     * family is recorded as), shared by every target: all proxies print the same families, and
     * one header per family and target cost ~20 MB at 1,000 Linkerd targets. Headers are never
     * modified ({@code SkippedMetrics}); the table is emptied when it reaches {@link #MAX_HEADERS}.
     */
    private static final ConcurrentHashMap<HeaderKey, Metric> HEADERS = new ConcurrentHashMap<>();
    private static final int MAX_HEADERS = 100_000;

    private record HeaderKey(String name, FamilyMetadata metadata) {
    }

    private final ResourceBuilder resources;
    private final String targetJob;
    private final String targetInstance;
    private final Scope defaultScope;
    private final MetricsDropHint dropHint;
    private final Map<String, ResourceState> byJobInstance = new LinkedHashMap<>();
    private final Map<Attributes, Attributes> interned = new HashMap<>();
    /** This target's skipped lists share their arrays from scrape to scrape while they are the same. */
    private final SkippedMetrics.Recorder skips = new SkippedMetrics.Recorder();
    private int epoch;

    /**
     * @param resources builds resource attributes for a (job, instance)
     * @param targetJob the target's job label (fallback when a series has none)
     * @param targetInstance the target's instance label (fallback)
     * @param scopeVersion version reported on the receiver's instrumentation scope
     */
    public MetricAssembler(ResourceBuilder resources, String targetJob, String targetInstance, String scopeVersion) {
        this(resources, targetJob, targetInstance, scopeVersion, null);
    }

    /** @param dropHint what the pipeline drops whole, or null */
    public MetricAssembler(ResourceBuilder resources, String targetJob, String targetInstance, String scopeVersion,
                           MetricsDropHint dropHint) {
        this.dropHint = dropHint;
        this.resources = resources;
        this.targetJob = targetJob;
        this.targetInstance = targetInstance;
        this.defaultScope = new Scope(SCOPE_NAME, scopeVersion, Attributes.EMPTY);
    }

    /** A resolved series: where its samples go. Kept by the scrape cache, keyed by the raw series bytes. */
    public static sealed class Series permits DroppedPoint {
        final Group group;
        final SeriesKind kind;
        final double bound;
        int metadataVersion;

        Series(Group group, SeriesKind kind, double bound, int metadataVersion) {
            this.group = group;
            this.kind = kind;
            this.bound = bound;
            this.metadataVersion = metadataVersion;
        }

        /** False when the handle must be resolved again (metadata changed, or its point was forgotten). */
        public boolean valid(MetadataStore md) {
            return metadataVersion == md.version() && !forgotten();
        }

        boolean forgotten() {
            return group != null && group.forgotten;
        }

        /** True when the series contributes nothing (gaugehistogram, malformed bucket). */
        public boolean ignored() {
            return kind == SeriesKind.IGNORED;
        }
    }

    /**
     * A point-making series of a family the pipeline drops whole: all that counting the family's
     * points and stale markers needs (when it was last seen), about a fifth of a kept point's state.
     */
    static final class DroppedPoint extends Series {
        final Family family;
        int lastEpoch = Integer.MIN_VALUE / 2;
        int prevEpoch = Integer.MIN_VALUE / 2;
        boolean forgotten;

        DroppedPoint(Family family, SeriesKind kind, int metadataVersion) {
            super(null, kind, 0, metadataVersion);
            this.family = family;
        }

        @Override
        boolean forgotten() {
            return forgotten;
        }
    }

    /** Signals the start of a scrape. */
    public void beginScrape() {
        epoch++;
    }

    /**
     * Resolves a series from its final labels (after target-label merge and metric relabeling;
     * includes __name__, job, instance). Called on scrape-cache misses only.
     */
    public Series resolve(Attributes labels, MetadataStore md) {
        return resolve(labels, md, null);
    }

    /**
     * As {@link #resolve(Attributes, MetadataStore)}, for a series whose cached handle
     * {@code previous} (or null) is no longer valid: a series of a dropped family keeps its
     * {@link DroppedPoint}, which is all that remembers it was seen.
     */
    public Series resolve(Attributes labels, MetadataStore md, Series previous) {
        String name = labels.getString("__name__");
        String job = nonEmpty(labels.getString("job"), targetJob);
        String instance = nonEmpty(labels.getString("instance"), targetInstance);
        ResourceState rs = byJobInstance.computeIfAbsent(job + "\u0000" + instance,
                k -> new ResourceState(resources.build(job, instance)));
        if ("target_info".equals(name)) {
            // As the Collector: target_info's labels describe the resource; no metric is emitted.
            rs.mergeTargetInfo(pointAttributes(labels, null));
            return new Series(null, SeriesKind.IGNORED, 0, md.version());
        }
        Scope scope = scopeOf(labels);
        MetadataStore.Resolved r = md.resolve(name);
        FamilyType type = r.metadata().type();
        String suffix = name.length() > r.metricName().length() ? name.substring(r.metricName().length()) : "";
        SeriesKind kind;
        String boundLabel = null;
        switch (type) {
            case HISTOGRAM -> {
                kind = switch (suffix) {
                    case "_bucket" -> SeriesKind.BUCKET;
                    case "_sum" -> SeriesKind.SUM;
                    case "_count" -> SeriesKind.COUNT;
                    default -> SeriesKind.IGNORED;
                };
                boundLabel = "le";
            }
            case SUMMARY -> {
                kind = switch (suffix) {
                    case "" -> SeriesKind.QUANTILE;
                    case "_sum" -> SeriesKind.SUM;
                    case "_count" -> SeriesKind.COUNT;
                    default -> SeriesKind.IGNORED;
                };
                boundLabel = "quantile";
            }
            case GAUGE_HISTOGRAM -> kind = SeriesKind.IGNORED;
            default -> kind = SeriesKind.VALUE;
        }
        double bound = 0;
        if (kind == SeriesKind.BUCKET || kind == SeriesKind.QUANTILE) {
            String b = labels.getString(boundLabel);
            try {
                bound = b == null ? Double.NaN : parseGoFloat(b);
            } catch (NumberFormatException e) {
                bound = Double.NaN;
            }
            if (Double.isNaN(bound)) {
                kind = SeriesKind.IGNORED;
            }
        }
        if (kind == SeriesKind.IGNORED) {
            return new Series(null, kind, 0, md.version());
        }
        Family family = rs.family(scope, r.metricName(), r.metadata());
        if (dropHint != null && family.dropped(dropHint)) {
            return family.droppedSeries(kind, md.version(), previous);
        }
        Attributes attrs = pointAttributes(labels, boundLabel);
        Group g = family.groups.get(attrs);
        if (g == null) {
            g = new Group(family, attrs);
            family.addGroup(g);
        }
        return new Series(g, kind, bound, md.version());
    }

    /** Adds one sample of the current scrape. {@code timestampMs} is the sample's or the scrape's time. */
    public void add(Series s, double value, long timestampMs) {
        Group g = s.group;
        if (g == null) {
            if (s instanceof DroppedPoint p && p.lastEpoch != epoch) {
                p.prevEpoch = p.lastEpoch;
                p.lastEpoch = epoch;
            }
            return;
        }
        if (g.lastEpoch != epoch) {
            g.prevEpoch = g.lastEpoch;
            g.lastEpoch = epoch;
            g.hasSum = false;
            g.hasCount = false;
            g.created = 0;
        }
        g.timestampMs = timestampMs;
        switch (s.kind) {
            case VALUE -> g.value = value;
            case SUM -> {
                g.sum = value;
                g.hasSum = true;
            }
            case COUNT -> {
                g.count = value;
                g.hasCount = true;
            }
            case CREATED -> g.created = value;
            case BUCKET, QUANTILE -> g.setBucket(s.bound, value, epoch);
            default -> {
            }
        }
    }

    /** Discards the samples added in the current scrape (a scrape that failed half-way). */
    public void rollback() {
        for (ResourceState rs : byJobInstance.values()) {
            for (Family f : rs.allFamilies()) {
                for (Group g : f.groups.values()) {
                    if (g.lastEpoch == epoch) {
                        g.lastEpoch = g.prevEpoch;
                    }
                }
                for (int i = 0; f.points != null && i < f.points.size(); i++) {
                    DroppedPoint p = f.points.get(i);
                    if (p.lastEpoch == epoch) {
                        p.lastEpoch = p.prevEpoch;
                    }
                }
            }
        }
    }

    /**
     * Builds the batch of this scrape: every point seen now, plus stale markers for points seen in
     * the previous scrape but not in this one. {@code scrapeTimeMs} stamps the stale markers.
     */
    public MetricBatch finish(long scrapeTimeMs) {
        MetricBatch batch = new MetricBatch();
        skips.begin();
        for (ResourceState rs : byJobInstance.values()) {
            ResourceMetrics rm = null;
            int metrics = 0;
            for (Map.Entry<Scope, LinkedHashMap<String, Family>> se : rs.scopes.entrySet()) {
                ScopeMetrics sm = null;
                Iterator<Family> fit = se.getValue().values().iterator();
                while (fit.hasNext()) {
                    Family f = fit.next();
                    Metric m = null;
                    if (dropHint != null && f.dropped(dropHint)) {
                        int skipped = f.countDropped(epoch);
                        if (skipped > 0) {
                            skips.add(f.header, skipped);
                        }
                    } else {
                        m = f.build(epoch, scrapeTimeMs);
                    }
                    forgetOld(f);
                    if (f.groups.isEmpty() && (f.points == null || f.points.isEmpty())) {
                        fit.remove();
                    }
                    if (m == null) {
                        continue;
                    }
                    if (rm == null) {
                        rm = batch.addResource(rs.resource);
                    }
                    if (sm == null) {
                        // Sized for the metrics of the last scrape (with a drop hint ~5 of ~160 families).
                        int size = Math.min(se.getValue().size(), Math.max(1, rs.lastMetrics));
                        sm = new ScopeMetrics(se.getKey(), new ArrayList<>(size));
                        rm.scopes().add(sm);
                    }
                    sm.metrics().add(m);
                    metrics++;
                }
            }
            rs.lastMetrics = metrics;
        }
        if (interned.size() > 4 * liveGroups() + 1024) {
            interned.clear(); // entries only dedupe future resolutions; live groups keep their own instances
        }
        batch.setSkipped(skips.finish());
        return batch;
    }

    /** The points whose state is kept (groups; a dropped family's series are not among them). */
    int liveGroups() {
        int n = 0;
        for (ResourceState rs : byJobInstance.values()) {
            for (LinkedHashMap<String, Family> fams : rs.scopes.values()) {
                for (Family f : fams.values()) {
                    n += f.groups.size();
                }
            }
        }
        return n;
    }

    private void forgetOld(Family f) {
        if (f.groups.isEmpty()) {
            return; // a dropped family's: iterating the shared empty map allocates a view and an iterator
        }
        Iterator<Group> it = f.groups.values().iterator();
        while (it.hasNext()) {
            Group g = it.next();
            if (epoch - g.lastEpoch > FORGET_AFTER_SCRAPES) {
                g.forgotten = true;
                it.remove();
            }
        }
    }

    private Scope scopeOf(Attributes labels) {
        String n = labels.getString("otel_scope_name");
        if (n == null || n.isEmpty()) {
            return defaultScope;
        }
        String v = labels.getString("otel_scope_version");
        return new Scope(n, v == null ? "" : v, Attributes.EMPTY);
    }

    /** Point attributes: every non-empty label except the ones the Collector moves elsewhere. */
    private Attributes pointAttributes(Attributes labels, String boundLabel) {
        Attributes.Builder b = Attributes.builder(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            String k = labels.key(i);
            Object v = labels.value(i);
            if (k.equals("__name__") || k.equals("job") || k.equals("instance") || k.equals("__scheme__")
                    || k.equals("__metrics_path__") || k.equals("otel_scope_name") || k.equals("otel_scope_version")
                    || k.equals(boundLabel) || "".equals(v)) {
                continue;
            }
            b.put(k, v);
        }
        Attributes a = b.build();
        Attributes prev = interned.putIfAbsent(a, a);
        return prev == null ? a : prev;
    }

    private static String nonEmpty(String v, String fallback) {
        return v == null || v.isEmpty() ? fallback : v;
    }

    /** Go's strconv.ParseFloat spellings used in le/quantile labels: "+Inf", "Inf", "-Inf", "NaN", decimals. */
    static double parseGoFloat(String s) {
        return switch (s) {
            case "+Inf", "Inf", "+inf", "inf" -> Double.POSITIVE_INFINITY;
            case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
            case "NaN", "nan" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    private final class ResourceState {
        Attributes resource;
        final LinkedHashMap<Scope, LinkedHashMap<String, Family>> scopes = new LinkedHashMap<>();
        /** Metrics this resource had in the last batch: the size of the next one's metric lists. */
        int lastMetrics;

        ResourceState(Attributes resource) {
            this.resource = resource;
        }

        void mergeTargetInfo(Attributes extra) {
            Attributes.Builder b = resource.toBuilder();
            b.putAll(extra);
            resource = b.build();
        }

        Family family(Scope scope, String name, FamilyMetadata md) {
            LinkedHashMap<String, Family> fams = scopes.computeIfAbsent(scope, s -> new LinkedHashMap<>());
            Family f = fams.get(name);
            if (f == null || f.metadata.type() != md.type()) {
                if (f != null) {
                    f.forgetState();
                }
                f = new Family(name, md);
                fams.put(name, f);
            } else if (f.metadata != md) {
                f.metadata = md;
            }
            return f;
        }

        List<Family> allFamilies() {
            List<Family> out = new ArrayList<>();
            scopes.values().forEach(m -> out.addAll(m.values()));
            return out;
        }
    }

    private static final class Family {
        final String name;
        /**
         * The metric this family last made, refilled by {@link #begin} once the exporter has
         * released it; a new one replaces it when it is still out at the next scrape (a batch
         * timeout longer than the scrape interval), and the old one is left to the collector.
         */
        private Metric mine;
        FamilyMetadata metadata;
        /** Its points' state; the shared empty map until the first (a dropped family never has any). */
        Map<Attributes, Group> groups = Map.of();
        /** The metadata the drop hint was last asked about (null: not yet), its verdict, and the header it got. */
        private FamilyMetadata verdictFor;
        private boolean drop;
        Metric header;
        /** While dropped: its point-making series (null until the first), and the handle of all its others. */
        List<DroppedPoint> points;
        private Series others;

        Family(String name, FamilyMetadata metadata) {
            this.name = name;
            this.metadata = metadata;
        }

        /** Whether the pipeline drops this family whole; asked again when the metadata changed. */
        boolean dropped(MetricsDropHint hint) {
            if (verdictFor != metadata) {
                header = sharedHeader();
                boolean was = drop;
                drop = hint.drops(header);
                if (verdictFor != null && drop != was) {
                    forgetState(); // kept from now on starts afresh, dropped from now on keeps no points
                }
                verdictFor = metadata;
            }
            return drop;
        }

        void addGroup(Group g) {
            if (groups.isEmpty()) {
                groups = new LinkedHashMap<>(); // after a forgetState or the first: empty, nothing to copy
            }
            groups.put(g.attrs, g);
        }

        private void forgetState() {
            groups.values().forEach(g -> g.forgotten = true);
            groups = Map.of();
            if (points != null) {
                points.forEach(p -> p.forgotten = true);
                points = null;
            }
            others = null;
        }

        /** The handle of a series of this dropped family, reusing {@code previous} when it is this family's point. */
        Series droppedSeries(SeriesKind kind, int metadataVersion, Series previous) {
            if (kind != SeriesKind.VALUE && kind != SeriesKind.COUNT) {
                // Buckets, quantiles and sums make no points of their own: the _count stands for the point.
                if (others == null || others.metadataVersion != metadataVersion) {
                    others = new Series(null, SeriesKind.IGNORED, 0, metadataVersion);
                }
                return others;
            }
            if (previous instanceof DroppedPoint p && p.family == this && !p.forgotten) {
                p.metadataVersion = metadataVersion;
                return p;
            }
            DroppedPoint p = new DroppedPoint(this, kind, metadataVersion);
            if (points == null) {
                points = new ArrayList<>(4); // a dropped family has a few series per target, rarely many
            }
            points.add(p);
            return p;
        }

        /**
         * The points this dropped family would have now: its series seen in this scrape, and stale
         * markers for those seen in the previous one only. Forgets series unseen for long.
         */
        int countDropped(int epoch) {
            if (points == null) {
                return 0;
            }
            int n = 0;
            for (int i = points.size() - 1; i >= 0; i--) {
                DroppedPoint p = points.get(i);
                if (p.lastEpoch >= epoch - 1) {
                    n++;
                } else if (epoch - p.lastEpoch > FORGET_AFTER_SCRAPES) {
                    p.forgotten = true;
                    DroppedPoint last = points.removeLast(); // order does not matter for counting
                    if (i < points.size()) {
                        points.set(i, last);
                    }
                }
            }
            return n;
        }

        private Metric sharedHeader() {
            HeaderKey key = new HeaderKey(name, metadata);
            Metric h = HEADERS.get(key);
            if (h != null) {
                return h;
            }
            h = shape(switch (metadata.type()) {
                case HISTOGRAM -> new HistogramPoints(0);
                case SUMMARY -> new SummaryPoints(0);
                default -> new NumberPoints(0);
            });
            if (HEADERS.size() >= MAX_HEADERS) {
                HEADERS.clear(); // a target inventing families or HELP texts must not grow this forever
            }
            Metric raced = HEADERS.putIfAbsent(key, h);
            return raced == null ? h : raced;
        }

        Metric build(int epoch, long scrapeTimeMs) {
            return switch (metadata.type()) {
                case HISTOGRAM -> buildHistogram(epoch, scrapeTimeMs);
                case SUMMARY -> buildSummary(epoch, scrapeTimeMs);
                case COUNTER, INFO, STATESET -> buildNumbers(epoch, scrapeTimeMs, true);
                default -> buildNumbers(epoch, scrapeTimeMs, false);
            };
        }

        /** The metric of this family's type and metadata around {@code pts}. */
        private Metric shape(DataPoints pts) {
            return switch (metadata.type()) {
                case HISTOGRAM -> Metric.histogram(name, metadata.help(), metadata.unit(), temporality(),
                        (HistogramPoints) pts);
                case SUMMARY -> Metric.summary(name, metadata.help(), metadata.unit(), (SummaryPoints) pts);
                case COUNTER, INFO, STATESET -> Metric.sum(name, metadata.help(), metadata.unit(), temporality(),
                        monotonic(), (NumberPoints) pts);
                default -> Metric.gauge(name, metadata.help(), metadata.unit(), (NumberPoints) pts);
            };
        }

        /** As {@link #shape}: cumulative for counters, histograms, info and stateset families. */
        private Temporality temporality() {
            return switch (metadata.type()) {
                case COUNTER, INFO, STATESET, HISTOGRAM -> Temporality.CUMULATIVE;
                default -> Temporality.UNSPECIFIED;
            };
        }

        private boolean monotonic() {
            return metadata.type() == FamilyType.COUNTER;
        }

        /**
         * This scrape's metric, for {@code capacity} points: the last one if the exporter has
         * released it ({@link Metric#released}), emptied and set to the current metadata, else a
         * new one.
         */
        private Metric begin(int capacity) {
            Metric m = mine;
            if (m != null && m.released()) {
                // Its type is the family's (a family is replaced when its type changes).
                m.reuse(name, metadata.help(), metadata.unit(), temporality(), monotonic());
                m.points().ensureCapacity(capacity);
                return m;
            }
            m = shape(switch (metadata.type()) {
                case HISTOGRAM -> new HistogramPoints(capacity);
                case SUMMARY -> new SummaryPoints(capacity);
                default -> new NumberPoints(capacity);
            });
            m.markReusable();
            mine = m;
            return m;
        }

        private Metric buildNumbers(int epoch, long scrapeTimeMs, boolean sum) {
            Metric m = null;
            NumberPoints pts = null;
            for (Group g : groups.values()) {
                boolean now = g.lastEpoch == epoch;
                boolean stale = !now && g.lastEpoch == epoch - 1;
                if (!now && !stale) {
                    continue;
                }
                long ts = now ? g.timestampMs : scrapeTimeMs;
                double v = now ? g.value : STALE_NAN;
                int flags = isStale(v) ? DataPoints.FLAG_NO_RECORDED_VALUE : 0;
                long start = sum ? g.adjustStart(ts, v, flags) : 0;
                if (m == null) {
                    m = begin(groups.size());
                    pts = m.numberPoints();
                }
                pts.addDouble(g.attrs, start, ms(ts), v, flags);
            }
            return m;
        }

        private Metric buildHistogram(int epoch, long scrapeTimeMs) {
            Metric m = null;
            HistogramPoints pts = null;
            for (Group g : groups.values()) {
                boolean now = g.lastEpoch == epoch;
                boolean stale = !now && g.lastEpoch == epoch - 1;
                if (!now && !stale) {
                    continue;
                }
                double[] explicit;
                long[] counts;
                int flags;
                long ts;
                double sum = 0;
                long count = 0;
                if (now) {
                    // As the Collector: a point needs _count and buckets, and the last bucket must be +Inf.
                    int n = g.bucketsSeen(epoch);
                    if (!g.hasCount || n == 0 || g.lastSeenBound(epoch) != Double.POSITIVE_INFINITY) {
                        continue;
                    }
                    boolean pointStale = isStale(g.count) || (g.hasSum && isStale(g.sum));
                    explicit = g.explicitBounds(epoch, n);
                    if (m == null) {
                        m = begin(groups.size());
                        pts = m.histogramPoints();
                    }
                    counts = g.bucketCounts(epoch, pointStale, pts.countsForNext(n));
                    flags = pointStale ? DataPoints.FLAG_NO_RECORDED_VALUE : 0;
                    if (!pointStale) {
                        count = (long) g.count;
                        if (g.hasSum) {
                            sum = g.sum;
                            flags |= HistogramPoints.FLAG_HAS_SUM;
                        }
                    }
                    ts = g.timestampMs;
                } else {
                    explicit = g.lastExplicit == null ? new double[0] : g.lastExplicit;
                    if (m == null) {
                        m = begin(groups.size());
                        pts = m.histogramPoints();
                    }
                    counts = pts.countsForNext(explicit.length + 1);
                    Arrays.fill(counts, 0);
                    flags = DataPoints.FLAG_NO_RECORDED_VALUE;
                    ts = scrapeTimeMs;
                }
                long start = g.adjustStart(ts, (flags & DataPoints.FLAG_NO_RECORDED_VALUE) != 0 ? STALE_NAN : count, flags);
                pts.add(g.attrs, start, ms(ts), count, sum, explicit, counts, flags);
            }
            return m;
        }

        private Metric buildSummary(int epoch, long scrapeTimeMs) {
            Metric m = null;
            SummaryPoints pts = null;
            for (Group g : groups.values()) {
                boolean now = g.lastEpoch == epoch;
                boolean stale = !now && g.lastEpoch == epoch - 1;
                if (!now && !stale) {
                    continue;
                }
                if (now && !g.hasCount) {
                    continue;
                }
                boolean pointStale = !now || isStale(g.count) || (g.hasSum && isStale(g.sum));
                long ts = now ? g.timestampMs : scrapeTimeMs;
                int flags = pointStale ? DataPoints.FLAG_NO_RECORDED_VALUE : 0;
                long count = pointStale ? 0 : (long) g.count;
                long start = g.adjustStart(ts, pointStale ? STALE_NAN : count, flags);
                int n = now ? g.bucketsSeen(epoch) : 0;
                double[] qs = new double[n];
                double[] vs = new double[n];
                int j = 0;
                for (int i = 0; i < g.boundCount && now; i++) {
                    if (g.bucketEpoch[i] == epoch) {
                        qs[j] = g.bounds[i];
                        vs[j] = pointStale ? 0 : g.bucketValues[i];
                        j++;
                    }
                }
                double sum = pointStale || !g.hasSum ? 0 : g.sum;
                if (m == null) {
                    m = begin(groups.size());
                    pts = m.summaryPoints();
                }
                pts.add(g.attrs, start, ms(ts), count, sum, qs, vs, flags);
            }
            return m;
        }
    }

    /** One OTel data point's state: a series, or all series of one histogram/summary label set. */
    static final class Group {
        private static final double[] NO_DOUBLES = {};
        private static final int[] NO_INTS = {};
        final Family family;
        final Attributes attrs;
        int lastEpoch = Integer.MIN_VALUE / 2;
        int prevEpoch = Integer.MIN_VALUE / 2;
        boolean forgotten;
        long timestampMs;
        double value;
        double sum;
        double count;
        boolean hasSum;
        boolean hasCount;
        double created;
        // Histogram buckets / summary quantiles, sorted by bound; shared empty arrays until the first bucket.
        double[] bounds = NO_DOUBLES;
        double[] bucketValues = NO_DOUBLES;
        int[] bucketEpoch = NO_INTS;
        int boundCount;
        double[] lastExplicit;
        // Metrics adjuster state (cumulative types).
        boolean hasRef;
        long refStartMs;
        double prevCumulative;

        Group(Family family, Attributes attrs) {
            this.family = family;
            this.attrs = attrs;
        }

        void setBucket(double bound, double v, int epoch) {
            int i = Arrays.binarySearch(bounds, 0, boundCount, bound);
            if (i < 0) {
                i = -i - 1;
                if (boundCount == bounds.length) {
                    int cap = Math.max(4, boundCount * 2);
                    bounds = Arrays.copyOf(bounds, cap);
                    bucketValues = Arrays.copyOf(bucketValues, cap);
                    bucketEpoch = Arrays.copyOf(bucketEpoch, cap);
                }
                System.arraycopy(bounds, i, bounds, i + 1, boundCount - i);
                System.arraycopy(bucketValues, i, bucketValues, i + 1, boundCount - i);
                System.arraycopy(bucketEpoch, i, bucketEpoch, i + 1, boundCount - i);
                bounds[i] = bound;
                boundCount++;
                lastExplicit = null;
            }
            bucketValues[i] = v;
            bucketEpoch[i] = epoch;
        }

        int bucketsSeen(int epoch) {
            int n = 0;
            for (int i = 0; i < boundCount; i++) {
                if (bucketEpoch[i] == epoch) {
                    n++;
                }
            }
            return n;
        }

        double lastSeenBound(int epoch) {
            for (int i = boundCount - 1; i >= 0; i--) {
                if (bucketEpoch[i] == epoch) {
                    return bounds[i];
                }
            }
            return Double.NaN;
        }

        /** The OTLP explicit bounds (all seen bounds but +Inf); the same array while the bucket layout holds. */
        double[] explicitBounds(int epoch, int seen) {
            if (lastExplicit != null && seen == boundCount && lastExplicit.length == seen - 1) {
                return lastExplicit;
            }
            double[] e = new double[seen - 1];
            int j = 0;
            for (int i = 0; i < boundCount && j < e.length; i++) {
                if (bucketEpoch[i] == epoch) {
                    e[j++] = bounds[i];
                }
            }
            if (seen == boundCount) {
                lastExplicit = e;
            }
            return e;
        }

        /**
         * The per-bucket (non-cumulative) counts of the buckets seen in this scrape, written into
         * {@code counts} (one entry per seen bucket; zeros for a stale point).
         */
        long[] bucketCounts(int epoch, boolean stale, long[] counts) {
            double prev = 0;
            int j = 0;
            for (int i = 0; i < boundCount; i++) {
                if (bucketEpoch[i] != epoch) {
                    continue;
                }
                double c = bucketValues[i];
                counts[j++] = stale ? 0 : (long) (c - prev);
                prev = c;
            }
            return counts;
        }

        /**
         * The Collector's start-time adjustment: the first point of a series starts at its own
         * timestamp (or {@code _created}); later points keep that start until the cumulative value
         * drops (a reset), which starts a new reference. Stale points keep the current start.
         */
        long adjustStart(long tsMs, double cumulative, int flags) {
            if ((flags & DataPoints.FLAG_NO_RECORDED_VALUE) != 0) {
                return hasRef ? ms(refStartMs) : ms(tsMs);
            }
            long createdMs = created > 0 ? (long) (created * 1000) : 0;
            if (!hasRef || cumulative < prevCumulative) {
                hasRef = true;
                refStartMs = createdMs > 0 ? createdMs : tsMs;
            } else if (createdMs > 0) {
                refStartMs = createdMs;
            }
            prevCumulative = cumulative;
            return ms(refStartMs);
        }
    }

    static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == STALE_NAN_BITS;
    }

    private static long ms(long millis) {
        return millis * 1_000_000L;
    }
}
