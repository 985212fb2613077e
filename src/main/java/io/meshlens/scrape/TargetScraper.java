package io.meshlens.scrape;

import io.meshlens.component.MetricsDropHint;
import io.meshlens.model.MetricBatch;
import io.meshlens.relabel.Labels;
import io.meshlens.relabel.Relabel;
import io.meshlens.relabel.RelabelConfig;
import io.meshlens.telemetry.CardinalityTracker;
import io.meshlens.textparse.Entry;
import io.meshlens.textparse.FamilyType;
import io.meshlens.textparse.LabelCursor;
import io.meshlens.textparse.Format;
import io.meshlens.textparse.ParseException;
import io.meshlens.textparse.Parser;
import io.meshlens.textparse.SeriesHash;

import java.util.List;
import java.util.Map;

/**
 * Turns one target's scraped bodies into metric batches: parse, look each series up in the scrape
 * cache by its raw bytes' fingerprint, and only on a miss merge target labels, apply
 * {@code metric_relabel_configs}, check label limits and resolve the OTel series. Then the
 * synthetic series ({@code up}, {@code scrape_*}), which metric relabeling never sees.
 *
 * <p>Steady state (a target whose series don't change): a target prints the same series in the
 * same order every scrape, so each line is first compared with the series the cache recorded at
 * that place last scrape ({@link SeriesCache#predicted}, {@link Parser#nextIfSeries}). On a match
 * only the value is parsed: no label validation or cache probe — one fingerprint of the series
 * bytes and one {@link MetricAssembler#add} per sample. Any other line takes the full path (parse, fingerprint, probe)
 * and the prediction resumes after it. Not thread-safe: owned by one loop.
 */
public final class TargetScraper {
    /** Cache value of a series that metric relabeling dropped. */
    private static final Object DROPPED = new Object();
    /** Cache entries unseen for this many scrapes are removed. */
    private static final int CACHE_IDLE_SCRAPES = 10;

    private final Target target;
    private final Labels targetLabels;
    private final List<RelabelConfig> metricRelabel;
    private final ScrapeConfig cfg;
    private final SeriesCache<Object> cache = new SeriesCache<>();
    /**
     * TYPE/HELP/UNIT lines by their raw bytes (the whole line but its line break), shared by all
     * targets: a repeat scrape builds no Strings for them, and a line predicted from the last
     * scrape's order is not even parsed ({@link Parser#skipLine}).
     */
    private final MetaLines metaLines = new MetaLines();
    /**
     * The last scrape's metadata lines changed nothing in {@link #metadata}. Then the same lines in
     * the same order change nothing again (each was a no-op on the state this one starts from), so
     * while a scrape's metadata lines are the predicted ones their store updates are skipped: ~500
     * lookups in a per-target map per Linkerd page, ~2% of the CPU at 1,000 targets.
     */
    private boolean metadataSettled;
    private final MetadataStore metadata = new MetadataStore();
    private final MetricAssembler assembler;
    private final Labels.Builder builder = new Labels.Builder();
    private MetricAssembler.Series[] synthetic;
    private int epoch;
    private Format lastFormat;
    /** One parser per format, reset for every body. */
    private Parser textParser;
    private Parser openMetricsParser;
    private boolean inScrape;
    /** The parser of the body being parsed (null between bodies), and that scrape's state so far. */
    private Parser parsing;
    private final ScrapeBody.Streamer streamer = this::consume;
    private long bodyTimeMs;
    private int scraped;
    private int kept;
    private int added;
    private boolean skipMetadata;
    private boolean metadataChanged;
    private int lastScraped;
    /** Series resolved on the cold path, ever (for tests: a repeat scrape resolves none). */
    private long resolutions;
    private int lastPostRelabel;
    // The families the current scrape declared, before metric relabeling; reused arrays.
    private String[] families = new String[64];
    private byte[] familyPromNames = new byte[64];
    private int familyCount;

    private final Map<String, String> externalLabels;

    public TargetScraper(Target target, String scopeVersion) {
        this(target, scopeVersion, Map.of());
    }

    /** @param externalLabels the global external_labels, added to every series that lacks them */
    public TargetScraper(Target target, String scopeVersion, Map<String, String> externalLabels) {
        this(target, scopeVersion, externalLabels, null);
    }

    /**
     * @param dropHint what the pipeline drops whole (null: nothing known); those families are left
     *        out of the batches and recorded as skipped ({@link MetricAssembler})
     */
    public TargetScraper(Target target, String scopeVersion, Map<String, String> externalLabels,
                         MetricsDropHint dropHint) {
        this.externalLabels = externalLabels;
        this.target = target;
        this.cfg = target.config();
        this.metricRelabel = cfg.metricRelabelConfigs();
        this.targetLabels = target.publicLabels();
        this.assembler = new MetricAssembler(new ResourceBuilder(target.discoveredAttributes()), target.job(), target.instance(),
                scopeVersion, dropHint);
    }

    public int lastSamplesScraped() {
        return lastScraped;
    }

    public int lastSamplesPostRelabel() {
        return lastPostRelabel;
    }

    /**
     * Reports the last scrape as exposed, before metric relabeling: the families it declared with
     * {@code # TYPE} (with samples or not — what "the proxy exposes 163 families" counts; a Linkerd
     * proxy prints headers of its empty families), and the samples. Nothing for a failed scrape.
     */
    public void reportExposed(CardinalityTracker.Exposure exposure) {
        if (exposure.enabled() && lastScraped > 0) {
            exposure.record(target, families, familyPromNames, familyCount, lastScraped);
        }
    }

    /**
     * Lets this scraper parse {@code body}'s whole lines while the rest is still arriving (a body
     * larger than its buffer: {@link ScrapeBody#streamTo}); its samples are stamped
     * {@code scrapeTimeMs}, the time later given to {@link #process} or {@link #failed}.
     */
    public void receive(ScrapeBody body, long scrapeTimeMs) {
        bodyTimeMs = scrapeTimeMs;
        body.streamTo(streamer);
    }

    /**
     * Processes one fetched body (or the rest of it, after {@link #receive}). On a malformed body the
     * scrape's samples are discarded and the error thrown.
     */
    public MetricBatch process(ScrapeBody body, long scrapeTimeMs, double fetchSeconds) throws ScrapeException {
        bodyTimeMs = scrapeTimeMs;
        parseWindow(body, body.length(), true);
        metadataSettled = !metadataChanged;
        lastScraped = scraped;
        lastPostRelabel = kept;
        addSynthetic(1, fetchSeconds, scraped, kept, added, scrapeTimeMs);
        return end(scrapeTimeMs);
    }

    /** A window of a body still arriving: whole lines, {@code body.bytes()[0, end)}. */
    private void consume(ScrapeBody body, int end) throws ScrapeException {
        parseWindow(body, end, false);
    }

    /** Starts parsing a body: a new scrape, the parser of the body's format at its first window. */
    private Parser startBody(ScrapeBody body, int end, boolean last) {
        begin();
        scraped = 0;
        kept = 0;
        added = 0;
        Parser p = parser(body).reset(body.bytes(), 0, end).more(!last);
        skipMetadata = metadataSettled;
        metadataChanged = false;
        metadataSettled = false; // until this scrape ends well
        if (p.format() != lastFormat) {
            // Escapes differ between the formats: a line's bytes decode by the format they came in.
            metaLines.clear();
            skipMetadata = false;
            // The grammars differ too: a series validated as one format is not known valid in the other.
            cache.forgetOrder();
            lastFormat = p.format();
        }
        cache.beginOrder();
        metaLines.begin();
        return p;
    }

    /** Parses {@code body.bytes()[0, end)}: the whole body, or one window of it ({@code last}: the final one). */
    private void parseWindow(ScrapeBody body, int end, boolean last) throws ScrapeException {
        Parser p = parsing;
        if (p == null) {
            p = startBody(body, end, last);
            parsing = p;
        } else {
            p.resume(body.bytes(), 0, end, !last);
        }
        byte[] buf = body.bytes();
        long scrapeTimeMs = bodyTimeMs;
        try {
            for (;;) {
                MetaLines.Line wantMeta = metaLines.predicted();
                if (wantMeta != null && p.skipLine(wantMeta.bytes(), 0, wantMeta.bytes().length)) {
                    // The metadata line the previous scrape had here: its meaning is known.
                    metaLines.recordPredicted();
                    if (!skipMetadata) {
                        metadataChanged |= apply(wantMeta);
                    } else if (wantMeta.kind() == Entry.TYPE) {
                        addFamily(wantMeta.name(), wantMeta.type());
                    }
                    continue;
                }
                int want = cache.predicted();
                if (want >= 0 && reusable(cache.value(want))
                        && p.nextIfSeries(cache.keyLength(want), cache.low(want), cache.high(want))) {
                    // Fast path: the series the previous scrape had here; only the value was parsed.
                    scraped++;
                    cache.touch(want, epoch);
                    cache.recordPredicted();
                    kept = append(cache.value(want), p, kept, scrapeTimeMs);
                    continue;
                }
                Entry entry = p.next();
                if (entry == Entry.EOF) {
                    break;
                }
                switch (entry) {
                    case TYPE, HELP, UNIT -> {
                        skipMetadata = false; // from here on the lines differ from the last scrape's
                        metadataChanged |= apply(metaLine(p, buf));
                    }
                    case SERIES -> {
                        scraped++;
                        int len = p.seriesEnd() - p.seriesStart();
                        SeriesHash.Fingerprint f = p.seriesFingerprint();
                        long low = f.low();
                        long high = f.high();
                        int i = cache.find(low, high, len, epoch);
                        if (i < 0 || !reusable(cache.value(i))) {
                            boolean fresh = i < 0;
                            Object e = resolve(p, fresh ? null : cache.value(i));
                            i = cache.put(low, high, len, e, epoch);
                            if (fresh && e != DROPPED) {
                                added++;
                            }
                        }
                        cache.record(i);
                        kept = append(cache.value(i), p, kept, scrapeTimeMs);
                    }
                    default -> {
                    }
                }
            }
        } catch (ParseException e) {
            abortBody();
            throw new ScrapeException(e.getMessage(), e);
        } catch (ScrapeException e) {
            abortBody();
            throw e;
        }
        if (last) {
            p.release(); // the body goes back to the pool (or the GC) now; the parser stays with the target
            parsing = null;
        }
    }

    /** Ends a body that will not be finished: its samples are discarded, the parser lets go of it. */
    private void abortBody() {
        if (parsing != null) {
            assembler.rollback();
            parsing.release();
            parsing = null;
        }
    }

    /** The reused parser for the body's format. */
    private Parser parser(ScrapeBody body) {
        Format f = Parser.formatOf(body.contentType());
        Parser p = f == Format.OPENMETRICS ? openMetricsParser : textParser;
        if (p == null) {
            p = Parser.create(f, body.bytes(), 0, 0, 0);
            if (f == Format.OPENMETRICS) {
                openMetricsParser = p;
            } else {
                textParser = p;
            }
        }
        return p;
    }

    /** Whether a cached value can be used as is: dropped, or a series handle still valid for the metadata. */
    private boolean reusable(Object cached) {
        return cached == DROPPED || ((MetricAssembler.Series) cached).valid(metadata);
    }

    /** Hands the current line's sample to the assembler unless metric relabeling dropped the series; returns the new kept count. */
    private int append(Object cached, Parser p, int kept, long scrapeTimeMs) throws ScrapeException {
        if (cached == DROPPED) {
            return kept;
        }
        kept++;
        if (cfg.sampleLimit() > 0 && kept > cfg.sampleLimit()) {
            throw new ScrapeException("sample limit exceeded");
        }
        long ts = cfg.honorTimestamps() && p.hasTimestamp() ? p.timestamp() : scrapeTimeMs;
        assembler.add((MetricAssembler.Series) cached, p.value(), ts);
        return kept;
    }

    /** The batch of a failed scrape: up=0 and a stale marker for every series of the last good scrape. */
    public MetricBatch failed(long scrapeTimeMs, double seconds) {
        abortBody(); // a body that failed half-way in (a timeout, a reset connection)
        if (!inScrape) {
            begin();
        }
        lastScraped = 0;
        lastPostRelabel = 0;
        addSynthetic(0, seconds, 0, 0, 0, scrapeTimeMs);
        return end(scrapeTimeMs);
    }

    /** The batch that ends the target: every series it had, stale. */
    public MetricBatch endOfRun(long timeMs) {
        begin();
        return end(timeMs);
    }

    private void addFamily(String family, FamilyType type) {
        if (familyCount == families.length) {
            families = java.util.Arrays.copyOf(families, familyCount * 2);
            familyPromNames = java.util.Arrays.copyOf(familyPromNames, familyCount * 2);
        }
        families[familyCount] = family;
        familyPromNames[familyCount++] = (byte) (type == FamilyType.HISTOGRAM || type == FamilyType.SUMMARY
                || type == FamilyType.GAUGE_HISTOGRAM ? 3 : 1);
    }

    private void begin() {
        familyCount = 0;
        epoch++;
        inScrape = true;
        assembler.beginScrape();
    }

    private MetricBatch end(long timeMs) {
        inScrape = false;
        if (epoch % CACHE_IDLE_SCRAPES == 0) {
            cache.sweep(epoch, CACHE_IDLE_SCRAPES);
        } else {
            cache.trim();
        }
        return assembler.finish(timeMs);
    }

    /**
     * Tells the store a metadata line's meaning (the same line may follow a different one); returns
     * whether that changed the store.
     */
    private boolean apply(MetaLines.Line m) {
        return switch (m.kind()) {
            case TYPE -> {
                addFamily(m.name(), m.type());
                yield metadata.setType(m.name(), m.type());
            }
            case HELP -> metadata.setHelp(m.name(), m.text());
            default -> metadata.setUnit(m.name(), m.text());
        };
    }

    /** The decoded TYPE/HELP/UNIT line, shared with every target that printed the same bytes. */
    private MetaLines.Line metaLine(Parser p, byte[] buf) {
        int off = p.lineStart();
        int len = Math.max(p.textEnd(), p.nameEnd()) - off;
        return metaLines.lookup(p, buf, off, len, SeriesHash.hash(buf, off, len), TargetScraper::decodeMeta);
    }

    private static MetaLines.Line decodeMeta(Parser p, byte[] bytes) {
        return switch (p.entry()) {
            // Interned: the process keeps one copy of every name and help text.
            case TYPE -> new MetaLines.Line(Entry.TYPE, p.metricName().intern(), p.type(), null, bytes);
            case HELP -> new MetaLines.Line(Entry.HELP, p.metricName().intern(), null, p.help().intern(), bytes);
            default -> new MetaLines.Line(Entry.UNIT, p.metricName().intern(), null, p.unit().intern(), bytes);
        };
    }

    /** The points whose state the assembler keeps (for tests). */
    int assemblerPoints() {
        return assembler.liveGroups();
    }

    long resolutions() {
        return resolutions;
    }

    /**
     * Cache miss: labels → target-label merge → metric relabeling → limits → OTel series.
     * {@code previous}: what the cache held for the line, no longer valid (or null).
     */
    private Object resolve(Parser p, Object previous) throws ScrapeException {
        resolutions++;
        builder.reset(Labels.empty());
        // Interned: the series state kept per scraped series (thousands per target) would otherwise
        // hold its own copy of every label name and value; most repeat within and across targets.
        builder.set("__name__", p.metricName().intern());
        LabelCursor c = p.labels();
        while (c.next()) {
            builder.set(c.name().intern(), c.value().intern());
        }
        mergeTargetLabels(builder);
        Labels l = builder.labels();
        if (!metricRelabel.isEmpty()) {
            l = Relabel.process(l, metricRelabel);
            if (l == null) {
                return DROPPED;
            }
        }
        if (!externalLabels.isEmpty()) {
            Labels.Builder b = l.toBuilder();
            for (Map.Entry<String, String> e : externalLabels.entrySet()) {
                if (l.get(e.getKey()).isEmpty()) {
                    b.set(e.getKey(), e.getValue());
                }
            }
            l = b.labels();
        }
        checkLimits(l);
        return assembler.resolve(Target.toAttributes(l), metadata,
                previous instanceof MetricAssembler.Series prev ? prev : null);
    }

    /**
     * Prometheus's mutateSampleLabels: with honor_labels the exposed value wins; otherwise the
     * target's label wins and a conflicting exposed label is kept as {@code exported_<name>}.
     */
    private void mergeTargetLabels(Labels.Builder b) {
        for (int i = 0; i < targetLabels.size(); i++) {
            String name = targetLabels.name(i);
            String exposed = b.get(name);
            if (cfg.honorLabels()) {
                if (exposed.isEmpty()) {
                    b.set(name, targetLabels.value(i));
                }
                continue;
            }
            if (!exposed.isEmpty()) {
                String exported = "exported_" + name;
                while (!b.get(exported).isEmpty()) {
                    exported = "exported_" + exported;
                }
                b.set(exported, exposed);
            }
            b.set(name, targetLabels.value(i));
        }
    }

    private void checkLimits(Labels l) throws ScrapeException {
        String metric = l.get("__name__");
        if (cfg.labelLimit() > 0 && l.size() > cfg.labelLimit()) {
            throw new ScrapeException("label_limit exceeded (metric: " + trunc(metric) + ", number of labels: "
                    + l.size() + ", limit: " + cfg.labelLimit() + ")");
        }
        for (int i = 0; i < l.size(); i++) {
            if (cfg.labelNameLengthLimit() > 0 && l.name(i).length() > cfg.labelNameLengthLimit()) {
                throw new ScrapeException("label_name_length_limit exceeded (metric: " + trunc(metric)
                        + ", label name: " + trunc(l.name(i)) + ", length: " + l.name(i).length() + ", limit: "
                        + cfg.labelNameLengthLimit() + ")");
            }
            if (cfg.labelValueLengthLimit() > 0 && l.value(i).length() > cfg.labelValueLengthLimit()) {
                throw new ScrapeException("label_value_length_limit exceeded (metric: " + trunc(metric)
                        + ", label name: " + trunc(l.name(i)) + ", value: \"" + trunc(l.value(i)) + "\", length: "
                        + l.value(i).length() + ", limit: " + cfg.labelValueLengthLimit() + ")");
            }
        }
    }

    private static String trunc(String s) {
        return s.length() > 50 ? s.substring(0, 50) : s;
    }

    private static final String[] SYNTHETIC = {"up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added"};

    private void addSynthetic(double up, double seconds, int scraped, int kept, int added, long ts) {
        if (synthetic == null) {
            synthetic = new MetricAssembler.Series[SYNTHETIC.length];
        }
        for (int i = 0; i < SYNTHETIC.length; i++) {
            if (synthetic[i] == null || !synthetic[i].valid(metadata)) {
                Labels.Builder b = targetLabels.toBuilder();
                b.set("__name__", SYNTHETIC[i]);
                synthetic[i] = assembler.resolve(Target.toAttributes(b.labels()), metadata, synthetic[i]);
            }
        }
        assembler.add(synthetic[0], up, ts);
        assembler.add(synthetic[1], seconds, ts);
        assembler.add(synthetic[2], scraped, ts);
        assembler.add(synthetic[3], kept, ts);
        assembler.add(synthetic[4], added, ts);
    }
}
