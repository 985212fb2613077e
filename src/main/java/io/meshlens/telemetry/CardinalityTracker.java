package io.meshlens.telemetry;

import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsDropHint;
import io.meshlens.model.Attributes;
import io.meshlens.model.DataPoints;
import io.meshlens.model.HistogramPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.ScopeMetrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Counts metric names and series seen at each stage of each pipeline (after the receivers, after
 * each processor, at the exporters), so the mesh view can show where cardinality goes down — and
 * where it does not. One tracker per {@link Telemetry} (that is, per running service), found with
 * {@link #of}; the service graph registers the stages, the {@code meshview} extension
 * {@linkplain #enable() enables} counting and reads {@link #snapshot()}. Disabled, a stage costs one
 * volatile read per batch.
 *
 * <p>A series is a (resource, metric name, point attributes) identity, reduced to a 64-bit hash;
 * each stage keeps the distinct hashes of the current interval in a set bounded by
 * {@link #MAX_SERIES} (beyond it the count is reported as saturated), and the counts of the last
 * complete interval. No HyperLogLog: exact counts up to the bound are what a user compares.
 */
public final class CardinalityTracker {
    /** Distinct series remembered per stage and interval; past it the count saturates. */
    public static final int MAX_SERIES = 200_000;

    private static final Map<Telemetry, CardinalityTracker> TRACKERS = new WeakHashMap<>();

    private final Map<String, Map<String, Stage>> pipelines = new LinkedHashMap<>();
    private final Map<String, Set<String>> pipelinesOfReceiver = new LinkedHashMap<>();
    private volatile boolean enabled;
    private volatile long intervalNanos = 60_000_000_000L;

    /** The tracker of the service whose self-telemetry is {@code telemetry}. */
    public static CardinalityTracker of(Telemetry telemetry) {
        synchronized (TRACKERS) {
            return TRACKERS.computeIfAbsent(telemetry, t -> new CardinalityTracker());
        }
    }

    /** Starts counting; {@code intervalMillis} is the counting window (at least one scrape interval). */
    public void enable(long intervalMillis) {
        intervalNanos = intervalMillis * 1_000_000L;
        enabled = true;
    }

    public boolean enabled() {
        return enabled;
    }

    /** Registers (or returns) the stage {@code stage} of {@code pipeline}; stages list in registration order. */
    public synchronized Stage stage(String pipeline, String stage) {
        return pipelines.computeIfAbsent(pipeline, p -> new LinkedHashMap<>())
                .computeIfAbsent(stage, s -> new Stage(this, s));
    }

    /** Notes that receiver {@code receiver} feeds metrics pipeline {@code pipeline} (the service graph says so). */
    public synchronized void feeds(String receiver, String pipeline) {
        pipelinesOfReceiver.computeIfAbsent(receiver, r -> new LinkedHashSet<>()).add(pipeline);
    }

    /**
     * The stage {@code stage} of what receiver {@code receiver} took in before it changed anything
     * (e.g. a scrape before {@code metric_relabel_configs}), in every pipeline the receiver feeds,
     * listed first there.
     */
    public synchronized Exposure exposure(String receiver, String stage) {
        List<Stage> stages = new ArrayList<>();
        for (String p : pipelinesOfReceiver.getOrDefault(receiver, Set.of())) {
            Map<String, Stage> old = pipelines.computeIfAbsent(p, x -> new LinkedHashMap<>());
            Stage s = old.get(stage);
            if (s == null) {
                s = new Stage(this, stage);
                Map<String, Stage> reordered = new LinkedHashMap<>();
                reordered.put(stage, s);
                reordered.putAll(old);
                pipelines.put(p, reordered);
            }
            stages.add(s);
        }
        return new Exposure(this, List.copyOf(stages));
    }

    /**
     * A consumer that counts each batch at {@code stage} and hands it on to {@code next}. It passes
     * {@code next}'s drop hint on only while counting is off: a stage counts series, and a metric a
     * receiver left out has none to count. (The meshview extension enables counting when it starts,
     * before any receiver, so receivers never hold verdicts from before.)
     */
    public MetricsConsumer wrap(String pipeline, String stage, MetricsConsumer next) {
        Stage s = stage(pipeline, stage);
        MetricsDropHint nextHint = next.dropHint();
        MetricsDropHint hint = nextHint == null ? null : h -> !enabled && nextHint.drops(h);
        return new MetricsConsumer() {
            @Override
            public void consumeMetrics(MetricBatch batch) {
                s.record(batch);
                next.consumeMetrics(batch);
            }

            @Override
            public MetricsDropHint dropHint() {
                return hint;
            }
        };
    }

    /** Counts of every stage, by pipeline, in registration order. */
    public synchronized Map<String, List<StageCount>> snapshot() {
        Map<String, List<StageCount>> out = new LinkedHashMap<>();
        pipelines.forEach((p, stages) -> {
            List<StageCount> counts = new ArrayList<>();
            stages.values().forEach(s -> counts.add(s.count()));
            out.put(p, counts);
        });
        return out;
    }

    /**
     * Counts at one stage. {@code names} are the metric names as in the pipeline (a histogram is one
     * name); {@code promNames} are the names a Prometheus backend stores them under (a histogram is
     * {@code _bucket}, {@code _count}, {@code _sum}); {@code series} are distinct streams and
     * {@code promSeries} what they become in Prometheus (one per bucket, plus count and sum).
     */
    public record StageCount(String stage, int names, int promNames, int series, long promSeries,
                             boolean saturated, boolean complete) {
    }

    /**
     * What one receiver's sources exposed, counted per source and report (not per sample): a
     * source's latest report in the window counts, names are the union over sources.
     */
    public static final class Exposure {
        private final CardinalityTracker tracker;
        private final List<Stage> stages;

        Exposure(CardinalityTracker tracker, List<Stage> stages) {
            this.tracker = tracker;
            this.stages = stages;
        }

        /** Whether reports are counted now; callers skip gathering them otherwise. */
        public boolean enabled() {
            return tracker.enabled && !stages.isEmpty();
        }

        /**
         * One report of {@code source} (e.g. a scrape target): {@code families[0..count)} are the
         * metric families it exposed, {@code promNames[i]} how many sample names family {@code i}
         * has (3 for a histogram or summary), {@code series} how many series (samples) it exposed.
         */
        public void record(Object source, String[] families, byte[] promNames, int count, int series) {
            if (!enabled()) {
                return;
            }
            for (Stage s : stages) {
                s.recordExposed(source, families, promNames, count, series);
            }
        }
    }

    /** One stage; thread-safe (batches may arrive from several receivers at once). */
    public static final class Stage {
        private final CardinalityTracker tracker;
        private final String name;
        private long windowStart = System.nanoTime();
        private Window current = new Window();
        private StageCount last;

        Stage(CardinalityTracker tracker, String name) {
            this.tracker = tracker;
            this.name = name;
        }

        /** Counts {@code batch}; does nothing unless the tracker is enabled. */
        public void record(MetricBatch batch) {
            if (!tracker.enabled) {
                return;
            }
            synchronized (this) {
                roll();
                for (ResourceMetrics rm : batch.resources()) {
                    long resourceHash = rm.resource().hashCode();
                    for (ScopeMetrics sm : rm.scopes()) {
                        for (Metric m : sm.metrics()) {
                            current.add(resourceHash, m);
                        }
                    }
                }
            }
        }

        synchronized void recordExposed(Object source, String[] families, byte[] promNames, int count, int series) {
            roll();
            current.addExposed(source, families, promNames, count, series);
        }

        synchronized StageCount count() {
            roll();
            return last != null ? last : current.count(name, false);
        }

        private void roll() {
            long now = System.nanoTime();
            if (now - windowStart >= tracker.intervalNanos) {
                last = current.count(name, true);
                current = new Window();
                windowStart = now;
            }
        }
    }

    /** Distinct names and series of one interval. */
    private static final class Window {
        private final Map<String, Integer> promNamesPerName = new LinkedHashMap<>();
        private final Set<Long> series = new HashSet<>();
        private final Map<Object, Integer> exposedSeries = new HashMap<>();
        private long promSeries;
        private boolean saturated;

        void addExposed(Object source, String[] families, byte[] promNames, int count, int n) {
            for (int i = 0; i < count; i++) {
                promNamesPerName.putIfAbsent(families[i], (int) promNames[i]);
            }
            exposedSeries.put(source, n);
        }

        void add(long resourceHash, Metric m) {
            promNamesPerName.putIfAbsent(m.name(), switch (m.type()) {
                case HISTOGRAM -> 3;
                case SUMMARY -> 3;
                default -> 1;
            });
            long nameHash = resourceHash * 31 + m.name().hashCode();
            DataPoints points = m.points();
            for (int i = 0; i < points.size(); i++) {
                Attributes a = points.attributes(i);
                long id = nameHash * 1_000_003L + a.hashCode();
                if (series.size() >= MAX_SERIES) {
                    saturated = true;
                    break;
                }
                if (series.add(id)) {
                    promSeries += points instanceof HistogramPoints h ? h.bucketCounts(i).length + 2 : 1;
                }
            }
        }

        StageCount count(String stage, boolean complete) {
            int promNames = promNamesPerName.values().stream().mapToInt(Integer::intValue).sum();
            // An exposition already is in Prometheus form: each sample is one series there.
            long exposed = exposedSeries.values().stream().mapToLong(Integer::longValue).sum();
            int distinct = (int) Math.min(Integer.MAX_VALUE, series.size() + exposed);
            return new StageCount(stage, promNamesPerName.size(), promNames, distinct, promSeries + exposed,
                    saturated, complete);
        }
    }
}
