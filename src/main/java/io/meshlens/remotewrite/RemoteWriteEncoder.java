package io.meshlens.remotewrite;

import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.Exemplar;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.MetricType;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.SummaryPoints;
import io.meshlens.model.Temporality;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a {@link MetricBatch} into snappy-compressed Prometheus remote-write requests, as
 * contrib 0.118's prometheusremotewrite exporter does (naming, labels, target_info, histograms,
 * summaries, exemplars, stale markers), each request at most {@code maxBatchSizeBytes} of
 * uncompressed protobuf.
 *
 * <p>Why hand-encoded: the generated {@code WriteRequest} classes would cost a TimeSeries, a Sample
 * and a Label list per sample. Here a sample is three primitive-array slots; a series' labels are
 * bytes encoded once and kept in its {@link SeriesRef} (see {@link LabelCache}); a request is
 * written straight into one reused byte array. {@code RemoteWriteEncodeBench} measures it.
 * Not thread-safe for concurrent encodes: {@link #encode} is synchronized.
 */
public final class RemoteWriteEncoder {
    /** Prometheus's stale marker (value.StaleNaN). */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    private static final double STALE_NAN = Double.longBitsToDouble(STALE_NAN_BITS);
    private static final int MAX_EXEMPLAR_RUNES = 128;

    /**
     * @param bodies snappy-compressed WriteRequest bodies, in order; release each once done with
     *               it ({@link RequestBody#release}), so its array serves a later request
     * @param points data points in the batch (the Collector's item count)
     * @param samples samples written (series × samples)
     * @param failedTranslations metrics not translated (delta temporality, exponential histograms)
     * @param droppedPoints data points of those metrics
     */
    public record Encoded(List<RequestBody> bodies, int points, int samples, int series, int failedTranslations,
                          int droppedPoints, List<String> failedMetrics) {
        /** Each body as an array of its own (lint, tests); the bodies stay unreleased. */
        public List<byte[]> requests() {
            return bodies.stream().map(RequestBody::toArray).toList();
        }
    }

    /** Bound of the name memo; more distinct metric names than this clear it (it only saves work). */
    private static final int MAX_NAMES = 50_000;

    private final TranslationSettings settings;
    private final int maxBatchSizeBytes;
    private final LabelCache cache;
    private final Map<String, Names> names = new HashMap<>();

    /**
     * A metric's Prometheus names, kept by OTel name (checked against what else the name depends
     * on): a steady push builds no name strings, and the strings keep their cached hashes for the
     * per-series lookups.
     */
    private record Names(String unit, MetricType type, boolean monotonic, String name, String sum, String count,
                         String bucket) {
        boolean fits(Metric m) {
            return type == m.type() && monotonic == m.isMonotonic() && unit.equals(m.unit());
        }
    }

    // Per-encode state, reused between encodes so the steady state allocates only the outputs.
    private int generation;
    private SeriesRef[] series = new SeriesRef[1024];
    private int seriesCount;
    private int[] sampleSeries = new int[4096];
    private double[] sampleValues = new double[4096];
    private long[] sampleTimes = new long[4096];
    private int sampleCount;
    private Map<Integer, List<byte[]>> exemplars; // by series index; null while a batch has none (the usual case)
    private final List<byte[]> metadata = new ArrayList<>();
    private int[] order = new int[4096];
    private int[] seriesStart = new int[1025];
    private int[] seriesSize = new int[1024];
    private byte[] scratch = new byte[MIN_BUFFER];
    private byte[] compressed = new byte[MIN_BUFFER];
    /** Arrays of released request bodies (compressed into the buffer above, then copied into one of these). */
    private final RequestBody.Pool bodies = new RequestBody.Pool();
    /**
     * The largest request of the last {@value #RESIZE_EVERY} encodes. The two buffers above grow to
     * the largest request (up to max_batch_size_bytes, 3 MB by default, and its compressed bound),
     * which the first, full batches of a start reach; a steady 1,000-target push is ~1 MB. Every
     * {@value #RESIZE_EVERY} encodes (~13 s at the seed's 200 ms batches) buffers over four times
     * that size are cut to twice it: ~10 MB less old generation at 1,000 targets.
     */
    private int recentLargest;
    private int encodes;
    private static final int MIN_BUFFER = 64 * 1024;
    private static final int RESIZE_EVERY = 64;

    public RemoteWriteEncoder(TranslationSettings settings, int maxBatchSizeBytes) {
        this(settings, maxBatchSizeBytes, System::nanoTime);
    }

    /** @param nanoClock decides when cached label sets count as idle (tests pass a fake one) */
    RemoteWriteEncoder(TranslationSettings settings, int maxBatchSizeBytes, java.util.function.LongSupplier nanoClock) {
        this.settings = settings;
        this.maxBatchSizeBytes = maxBatchSizeBytes;
        this.cache = new LabelCache(settings, nanoClock);
    }

    /** Number of distinct label sets cached (for tests and telemetry). */
    public synchronized int cachedLabelSets() {
        return cache.size();
    }

    /**
     * Label sets built since creation. In steady state this stays put; growth on every push means
     * attributes arrive as new instances each time (the slow path, see {@link LabelCache}).
     */
    public synchronized long labelSetsBuilt() {
        return cache.built();
    }

    public synchronized Encoded encode(MetricBatch batch) {
        generation = cache.nextGeneration();
        seriesCount = 0;
        sampleCount = 0;
        exemplars = null;
        metadata.clear();
        int points = 0;
        int failed = 0;
        int dropped = 0;
        List<String> failedMetrics = new ArrayList<>(0);
        for (ResourceMetrics rm : batch.resources()) {
            Attributes resource = rm.resource();
            long newestNanos = 0;
            for (ScopeMetrics sm : rm.scopes()) {
                for (Metric m : sm.metrics()) {
                    DataPoints p = m.points();
                    points += p.size();
                    for (int i = 0; i < p.size(); i++) {
                        newestNanos = Math.max(newestNanos, p.timeNanos(i));
                    }
                    if (!translatable(m)) {
                        failed++;
                        dropped += p.size();
                        failedMetrics.add(m.name());
                        continue;
                    }
                    translate(resource, m);
                }
            }
            if (settings.targetInfo() && newestNanos != 0) {
                LabelSet ti = cache.targetInfo(resource);
                if (ti != null) {
                    String name = settings.namespace().isEmpty() ? "target_info" : settings.namespace() + "_target_info";
                    addSample(ti.series(name), 1, newestNanos / 1_000_000);
                }
            }
        }
        List<RequestBody> requests = writeRequests();
        resizeBuffers();
        return new Encoded(requests, points, sampleCount, seriesCount, failed, dropped, failedMetrics);
    }

    /** contrib exports only cumulative sums/histograms; exponential histograms are not supported here yet. */
    private static boolean translatable(Metric m) {
        return switch (m.type()) {
            case GAUGE, SUMMARY -> true;
            case SUM, HISTOGRAM -> m.temporality() == Temporality.CUMULATIVE;
            default -> false;
        };
    }

    private Names names(Metric m) {
        Names n = names.get(m.name());
        if (n == null || !n.fits(m)) {
            if (names.size() >= MAX_NAMES) {
                names.clear();
            }
            String name = PrometheusNaming.metricName(m, settings.namespace(), settings.addMetricSuffixes());
            n = new Names(m.unit(), m.type(), m.isMonotonic(), name, name + "_sum", name + "_count",
                    name + "_bucket");
            names.put(m.name(), n);
        }
        return n;
    }

    private void translate(Attributes resource, Metric m) {
        Names n = names(m);
        if (settings.sendMetadata()) {
            metadata.add(encodeMetadata(m, n.name));
        }
        switch (m.type()) {
            case GAUGE -> numbers(resource, m.numberPoints(), n.name, false);
            case SUM -> numbers(resource, m.numberPoints(), n.name, true);
            case HISTOGRAM -> histograms(resource, m.histogramPoints(), n);
            case SUMMARY -> summaries(resource, m.summaryPoints(), n);
            default -> throw new IllegalStateException(m.type().toString());
        }
    }

    /** Gauges and sums; contrib attaches exemplars to sums only. */
    private void numbers(Attributes resource, NumberPoints p, String name, boolean withExemplars) {
        for (int i = 0; i < p.size(); i++) {
            SeriesRef ref = cache.labels(resource, p.attributes(i)).series(name);
            addSample(ref, p.noRecordedValue(i) ? STALE_NAN : p.value(i), p.timeNanos(i) / 1_000_000);
            if (withExemplars) {
                for (Exemplar e : p.exemplars(i)) {
                    addExemplar(ref.index, e);
                }
            }
        }
    }

    private void histograms(Attributes resource, HistogramPoints p, Names names) {
        String sumName = names.sum;
        String countName = names.count;
        String bucketName = names.bucket;
        for (int i = 0; i < p.size(); i++) {
            LabelSet ls = cache.labels(resource, p.attributes(i));
            long t = p.timeNanos(i) / 1_000_000;
            boolean stale = p.noRecordedValue(i);
            if (p.hasSum(i)) {
                addSample(ls.series(sumName), stale ? STALE_NAN : p.sum(i), t);
            }
            addSample(ls.series(countName), stale ? STALE_NAN : p.count(i), t);
            double[] bounds = p.bounds(i) == null ? new double[0] : p.bounds(i);
            long[] counts = p.bucketCounts(i) == null ? new long[0] : p.bucketCounts(i);
            int n = Math.min(bounds.length, counts.length);
            SeriesRef[] refs = ls.buckets(bucketName, n == bounds.length ? bounds : Arrays.copyOf(bounds, n));
            long cumulative = 0;
            for (int b = 0; b < n; b++) {
                cumulative += counts[b];
                addSample(refs[b], stale ? STALE_NAN : cumulative, t);
            }
            addSample(refs[n], stale ? STALE_NAN : p.count(i), t);
            for (Exemplar e : p.exemplars(i)) {
                // The first bucket whose bound holds the exemplar value, as contrib's addExemplar.
                int b = 0;
                while (b < n && e.value() > bounds[b]) {
                    b++;
                }
                addExemplar(refs[b].index, e);
            }
        }
    }

    private void summaries(Attributes resource, SummaryPoints p, Names names) {
        String name = names.name;
        String sumName = names.sum;
        String countName = names.count;
        for (int i = 0; i < p.size(); i++) {
            LabelSet ls = cache.labels(resource, p.attributes(i));
            long t = p.timeNanos(i) / 1_000_000;
            boolean stale = p.noRecordedValue(i);
            addSample(ls.series(sumName), stale ? STALE_NAN : p.sum(i), t);
            addSample(ls.series(countName), stale ? STALE_NAN : p.count(i), t);
            double[] qs = p.quantiles(i);
            double[] vs = p.quantileValues(i);
            if (qs == null) {
                continue;
            }
            SeriesRef[] refs = ls.quantiles(name, qs);
            for (int q = 0; q < qs.length; q++) {
                addSample(refs[q], stale ? STALE_NAN : vs[q], t);
            }
        }
    }

    private void addSample(SeriesRef ref, double value, long timeMillis) {
        if (ref.generation != generation) {
            ref.generation = generation;
            ref.index = seriesCount;
            if (seriesCount == series.length) {
                series = Arrays.copyOf(series, seriesCount * 2);
            }
            series[seriesCount++] = ref;
        }
        if (sampleCount == sampleSeries.length) {
            int c = sampleCount * 2;
            sampleSeries = Arrays.copyOf(sampleSeries, c);
            sampleValues = Arrays.copyOf(sampleValues, c);
            sampleTimes = Arrays.copyOf(sampleTimes, c);
        }
        sampleSeries[sampleCount] = ref.index;
        sampleValues[sampleCount] = value;
        sampleTimes[sampleCount] = timeMillis;
        sampleCount++;
    }

    private void addExemplar(int seriesIndex, Exemplar e) {
        if (exemplars == null) {
            exemplars = new HashMap<>();
        }
        exemplars.computeIfAbsent(seriesIndex, k -> new ArrayList<>(1)).add(encodeExemplar(e));
    }

    private List<byte[]> exemplarsOf(int seriesIndex) {
        return exemplars == null ? null : exemplars.get(seriesIndex);
    }

    /** Exemplar {labels = 1, value = 2, timestamp = 3}: trace_id, span_id, then filtered attributes if ≤ 128 runes. */
    private static byte[] encodeExemplar(Exemplar e) {
        List<String> kv = new ArrayList<>();
        int runes = 0;
        if (e.traceId() != null && !e.traceId().isEmpty()) {
            kv.add("trace_id");
            kv.add(e.traceId());
            runes += 8 + e.traceId().codePointCount(0, e.traceId().length());
        }
        if (e.spanId() != null && !e.spanId().isEmpty()) {
            kv.add("span_id");
            kv.add(e.spanId());
            runes += 7 + e.spanId().codePointCount(0, e.spanId().length());
        }
        List<String> attrs = new ArrayList<>();
        Attributes fa = e.filteredAttributes() == null ? Attributes.EMPTY : e.filteredAttributes();
        for (int i = 0; i < fa.size(); i++) {
            String v = io.meshlens.model.AttributeValues.asString(fa.value(i));
            runes += fa.key(i).codePointCount(0, fa.key(i).length()) + v.codePointCount(0, v.length());
            attrs.add(fa.key(i));
            attrs.add(v);
        }
        if (runes <= MAX_EXEMPLAR_RUNES) {
            kv.addAll(attrs);
        }
        byte[][] b = new byte[kv.size()][];
        int size = 0;
        for (int i = 0; i < kv.size(); i++) {
            b[i] = kv.get(i).getBytes(StandardCharsets.UTF_8);
        }
        for (int i = 0; i < b.length; i += 2) {
            int l = SeriesRef.labelSize(b[i].length, b[i + 1].length);
            size += 1 + Wire.varintSize(l) + l;
        }
        long ts = e.timeNanos() / 1_000_000;
        size += 9 + 1 + Wire.varintSize(ts);
        byte[] out = new byte[size];
        int p = 0;
        for (int i = 0; i < b.length; i += 2) {
            p = SeriesRef.writeLabel(out, p, 1, b[i], b[i + 1]);
        }
        out[p++] = 0x11;
        p = Wire.putFixed64(out, p, Double.doubleToRawLongBits(e.value()));
        out[p++] = 0x18;
        Wire.putVarint(out, p, ts);
        return out;
    }

    /** MetricMetadata {type = 1, metric_family_name = 2, help = 4, unit = 5}, as contrib's OtelMetricsToMetadata. */
    private static byte[] encodeMetadata(Metric m, String family) {
        int type = switch (m.type()) {
            case GAUGE -> 2;
            case SUM -> m.isMonotonic() && m.temporality() == Temporality.CUMULATIVE ? 1 : 2;
            case HISTOGRAM, EXPONENTIAL_HISTOGRAM -> 3;
            case SUMMARY -> 5;
            default -> 0;
        };
        byte[] f = family.getBytes(StandardCharsets.UTF_8);
        byte[] h = m.description().getBytes(StandardCharsets.UTF_8);
        byte[] u = m.unit().getBytes(StandardCharsets.UTF_8);
        int size = 2 + 1 + Wire.varintSize(f.length) + f.length + 1 + Wire.varintSize(h.length) + h.length
                + 1 + Wire.varintSize(u.length) + u.length;
        byte[] out = new byte[size];
        int p = 0;
        out[p++] = 0x08;
        out[p++] = (byte) type;
        p = putBytes(out, p, 0x12, f);
        p = putBytes(out, p, 0x22, h);
        putBytes(out, p, 0x2A, u);
        return out;
    }

    private static int putBytes(byte[] out, int p, int tag, byte[] b) {
        out[p++] = (byte) tag;
        p = Wire.putVarint(out, p, b.length);
        System.arraycopy(b, 0, out, p, b.length);
        return p + b.length;
    }

    // ---- writing -------------------------------------------------------------------------------

    private static int sampleSize(long timeMillis) {
        // Sample {value fixed64 = 1, timestamp varint = 2}, both always written.
        return 9 + 1 + Wire.varintSize(timeMillis);
    }

    private List<RequestBody> writeRequests() {
        groupSamplesBySeries();
        for (int s = 0; s < seriesCount; s++) {
            int size = series[s].labelsLength();
            for (int k = seriesStart[s]; k < seriesStart[s + 1]; k++) {
                int ss = sampleSize(sampleTimes[order[k]]);
                size += 1 + Wire.varintSize(ss) + ss;
            }
            List<byte[]> ex = exemplarsOf(s);
            if (ex != null) {
                for (byte[] e : ex) {
                    size += 1 + Wire.varintSize(e.length) + e.length;
                }
            }
            seriesSize[s] = size;
        }
        List<RequestBody> out = new ArrayList<>(1);
        int from = 0;
        int bytes = 0;
        int s = 0;
        for (; s < seriesCount; s++) {
            int entry = 1 + Wire.varintSize(seriesSize[s]) + seriesSize[s];
            if (bytes > 0 && bytes + entry > maxBatchSizeBytes) {
                out.add(writeRequest(from, s, bytes, 0, 0));
                from = s;
                bytes = 0;
            }
            bytes += entry;
        }
        // Metadata goes after the last series, splitting the same way.
        int m = 0;
        int mFrom = 0;
        for (; m < metadata.size(); m++) {
            int entry = 1 + Wire.varintSize(metadata.get(m).length) + metadata.get(m).length;
            if (bytes > 0 && bytes + entry > maxBatchSizeBytes) {
                out.add(writeRequest(from, s, bytes, mFrom, m));
                from = s;
                mFrom = m;
                bytes = 0;
            }
            bytes += entry;
        }
        if (bytes > 0) {
            out.add(writeRequest(from, s, bytes, mFrom, m));
        }
        return out;
    }

    /** Orders sample indexes by series (counting sort, stable), then by timestamp within a series. */
    private void groupSamplesBySeries() {
        if (seriesStart.length < seriesCount + 1) {
            seriesStart = new int[seriesCount * 2 + 1];
            seriesSize = new int[seriesCount * 2];
        }
        if (order.length < sampleCount) {
            order = new int[sampleSeries.length];
        }
        Arrays.fill(seriesStart, 0, seriesCount + 1, 0);
        for (int i = 0; i < sampleCount; i++) {
            seriesStart[sampleSeries[i] + 1]++;
        }
        for (int s = 0; s < seriesCount; s++) {
            seriesStart[s + 1] += seriesStart[s];
        }
        // seriesSize doubles as the fill cursor here; it is overwritten with sizes afterwards.
        System.arraycopy(seriesStart, 0, seriesSize, 0, seriesCount);
        for (int i = 0; i < sampleCount; i++) {
            order[seriesSize[sampleSeries[i]]++] = i;
        }
        for (int s = 0; s < seriesCount; s++) {
            int a = seriesStart[s];
            int b = seriesStart[s + 1];
            for (int k = a + 1; k < b; k++) {
                int cur = order[k];
                int j = k - 1;
                while (j >= a && sampleTimes[order[j]] > sampleTimes[cur]) {
                    order[j + 1] = order[j];
                    j--;
                }
                order[j + 1] = cur;
            }
        }
    }

    private RequestBody writeRequest(int fromSeries, int toSeries, int bytes, int fromMeta, int toMeta) {
        if (scratch.length < bytes) {
            scratch = new byte[grown(scratch.length, bytes)];
        }
        recentLargest = Math.max(recentLargest, bytes);
        byte[] b = scratch;
        int p = 0;
        for (int s = fromSeries; s < toSeries; s++) {
            b[p++] = 0x0A;
            p = Wire.putVarint(b, p, seriesSize[s]);
            p = series[s].writeLabels(b, p);
            for (int k = seriesStart[s]; k < seriesStart[s + 1]; k++) {
                int i = order[k];
                long t = sampleTimes[i];
                b[p++] = 0x12;
                p = Wire.putVarint(b, p, sampleSize(t));
                b[p++] = 0x09;
                p = Wire.putFixed64(b, p, Double.doubleToRawLongBits(sampleValues[i]));
                b[p++] = 0x10;
                p = Wire.putVarint(b, p, t);
            }
            List<byte[]> ex = exemplarsOf(s);
            if (ex != null) {
                for (byte[] e : ex) {
                    p = putBytes(b, p, 0x1A, e);
                }
            }
        }
        for (int m = fromMeta; m < toMeta; m++) {
            p = putBytes(b, p, 0x1A, metadata.get(m));
        }
        if (p != bytes) {
            throw new IllegalStateException("encoded " + p + " bytes, sized " + bytes);
        }
        return compress(b, p);
    }

    /** Bytes held by the reusable request buffers (for tests). */
    synchronized int bufferBytes() {
        return scratch.length + compressed.length + bodies.freeBytes();
    }

    /** Doubling, but not past what the largest request allowed needs. */
    private int grown(int length, int needed) {
        long cap = 32L + maxBatchSizeBytes + maxBatchSizeBytes / 6; // Snappy's bound for the largest request
        return (int) Math.max(needed, Math.min(Math.min((long) length * 2, cap), Integer.MAX_VALUE - 8));
    }

    /** Cuts buffers far larger than the recent requests (see {@link #recentLargest}). */
    private void resizeBuffers() {
        if (++encodes < RESIZE_EVERY) {
            return;
        }
        int want = Math.max(MIN_BUFFER, 2 * recentLargest);
        if (scratch.length > 2 * want) {
            scratch = new byte[want];
        }
        int wantCompressed = Math.max(MIN_BUFFER, Snappy.maxCompressedLength(want));
        if (compressed.length > 2 * wantCompressed) {
            compressed = new byte[wantCompressed];
        }
        encodes = 0;
        recentLargest = 0;
    }

    private RequestBody compress(byte[] in, int len) {
        int max = Snappy.maxCompressedLength(len);
        if (compressed.length < max) {
            compressed = new byte[grown(compressed.length, max)];
        }
        try {
            int n = Snappy.compress(in, 0, len, compressed, 0);
            return bodies.copyOf(compressed, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
