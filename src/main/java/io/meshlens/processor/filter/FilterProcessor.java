package io.meshlens.processor.filter;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsDropHint;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.model.DataPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.Scope;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.model.Attributes;
import io.meshlens.ottl.Dependency;
import io.meshlens.ottl.Target;
import io.meshlens.telemetry.ProcessorTelemetry;
import io.meshlens.telemetry.Telemetry;

import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Drops metrics and data points, as the Collector's filter processor does for metrics: metric
 * conditions first (true → the whole metric goes), then data point conditions on what is left
 * (true → that point goes); metrics left without points, then empty scopes and resources are
 * removed; when nothing is left the batch is not forwarded at all. With the legacy form, a
 * resource is dropped when it fails include.resource_attributes or matches
 * exclude.resource_attributes, a metric when its name fails include or matches exclude.
 *
 * <p>Pushdown ({@link #dropHint()}): when the only conditions are metric conditions that read
 * nothing but the metric's own fields, whether a metric goes is known from its header, so the
 * filter tells its senders; a receiver then leaves such metrics out and records them in the
 * batch's skipped list, which this filter counts (in, and filtered) exactly as if they had come.
 *
 * <p>Thread-safe: receivers may call {@link #consumeMetrics} concurrently; the verdict memo is
 * concurrent and each call uses its own {@link Target}.
 */
public final class FilterProcessor implements MetricsProcessor {
    private final String component;
    private final MetricsConsumer next;
    private final ConditionSet metricConditions;
    private final ConditionSet datapointConditions;
    private final LegacyMatch include;
    private final LegacyMatch exclude;
    private final MetricVerdictCache verdicts;
    private final ProcessorTelemetry items;
    private final Telemetry.Counter filtered;
    private final MetricsDropHint hint;
    /** The hint is this filter's verdict alone (nothing after it drops): whatever was skipped on it ends here. */
    private final boolean hintIsOwnVerdict;

    FilterProcessor(CreateSettings settings, FilterConfig config, MetricsConsumer next) {
        this.component = settings.describe();
        this.next = next;
        this.metricConditions = new ConditionSet(config.metricConditions(), config.errorMode(), component,
                settings.logger());
        this.datapointConditions = new ConditionSet(config.datapointConditions(), config.errorMode(), component,
                settings.logger());
        this.include = config.include();
        this.exclude = config.exclude();
        this.verdicts = !metricConditions.isEmpty() && MetricVerdictCache.usable(metricConditions.dependencies())
                ? new MetricVerdictCache(metricConditions.dependencies()) : null;
        this.items = new ProcessorTelemetry(settings.telemetry(), settings.id().toString(), settings.pipeline());
        this.filtered = settings.telemetry().counter("otelcol_processor_filter_datapoints_filtered",
                "Number of metric data points dropped by the filter processor",
                Attributes.of("filter", settings.id().toString()));
        this.hint = pushdown(next.dropHint());
        this.hintIsOwnVerdict = hint != null && next.dropHint() == null;
    }

    /**
     * The hint when verdicts depend on the metric header alone (metric conditions only, reading
     * only {@link Dependency#METRIC}; no legacy include/exclude, no data point conditions):
     * drops what this filter drops, or what the next consumer drops (kept metrics pass unchanged).
     */
    private MetricsDropHint pushdown(MetricsDropHint downstream) {
        if (verdicts == null || include != null || exclude != null || !datapointConditions.isEmpty()
                || !Set.of(Dependency.METRIC).containsAll(metricConditions.dependencies())) {
            return null;
        }
        return downstream == null ? h -> headerVerdict(h) == Boolean.TRUE
                : h -> headerVerdict(h) == Boolean.TRUE || downstream.drops(h);
    }

    @Override
    public MetricsDropHint dropHint() {
        return hint;
    }

    /**
     * This filter's verdict on a metric header, from the memo or evaluated (then memoized); null
     * when a condition failed to evaluate: such metrics are not pushed down, the filter evaluates
     * them (and logs, or fails, per error_mode) when they arrive.
     */
    private Boolean headerVerdict(Metric header) {
        ConcurrentHashMap<String, MetricVerdictCache.Entry> names = verdicts.names(Attributes.EMPTY, HEADER_SCOPE);
        Boolean known = MetricVerdictCache.lookup(names, header);
        if (known != null) {
            return known;
        }
        Boolean drop = metricConditions.verdictWithoutErrors(new Target().at(Attributes.EMPTY, HEADER_SCOPE)
                .metric(header));
        if (drop != null) {
            MetricVerdictCache.store(names, header, drop);
        }
        return drop;
    }

    /** Pushed-down verdicts read no scope; the memo still wants one to group by. */
    private static final Scope HEADER_SCOPE = new Scope("", "", Attributes.EMPTY);

    @Override
    public void consumeMetrics(MetricBatch batch) {
        int in = batch.pointCountWithSkipped();
        filter(batch);
        int out = batch.pointCountWithSkipped();
        items.items(in, out);
        filtered.add(in - out);
        if (batch.resources().isEmpty() && !batch.hasSkipped()) {
            return; // the Collector's ErrSkipProcessingData: nothing is forwarded
        }
        next.consumeMetrics(batch);
    }

    /** Filters {@code batch} in place (exposed for tests and benchmarks). */
    void filter(MetricBatch batch) {
        Target target = new Target();
        boolean[] errors = new boolean[1];
        for (Iterator<ResourceMetrics> rit = batch.resources().iterator(); rit.hasNext(); ) {
            ResourceMetrics rm = rit.next();
            if (dropResource(rm.resource())) {
                rit.remove();
                continue;
            }
            for (ScopeMetrics sm : rm.scopes()) {
                target.at(rm.resource(), sm.scope());
                ConcurrentHashMap<String, MetricVerdictCache.Entry> names =
                        verdicts == null ? null : verdicts.names(rm.resource(), sm.scope());
                sm.metrics().removeIf(m -> dropMetric(target.metric(m), m, names, errors));
            }
        }
        batch.removeEmpty();
        if (batch.hasSkipped()) {
            // Left out by a sender on this filter's hint: the ones this filter drops end here, the
            // rest (dropped further down) pass on.
            // With no hint after this one, every entry was skipped on this filter's (memoized,
            // header-only) verdict: no lookup per entry (~150 per Linkerd scrape).
            if (hintIsOwnVerdict) {
                batch.skipped().clear();
            } else {
                batch.skipped().removeIf(h -> hint != null && headerVerdict(h) == Boolean.TRUE);
            }
        }
    }

    private boolean dropResource(Attributes resource) {
        if (include != null && include.hasResourceAttributes() && !include.matchesResource(resource)) {
            return true;
        }
        return exclude != null && exclude.hasResourceAttributes() && exclude.matchesResource(resource);
    }

    private boolean dropMetric(Target target, Metric m, ConcurrentHashMap<String, MetricVerdictCache.Entry> names,
                               boolean[] errors) {
        if (include != null && include.hasNames() && !include.matchesName(m.name())) {
            return true;
        }
        if (exclude != null && exclude.hasNames() && exclude.matchesName(m.name())) {
            return true;
        }
        if (!metricConditions.isEmpty() && metricVerdict(target, m, names, errors)) {
            return true;
        }
        if (!datapointConditions.isEmpty()) {
            DataPoints points = m.points();
            points.removeIf(i -> datapointConditions.anyTrue(target.point(i)));
            return points.size() == 0;
        }
        return false;
    }

    private boolean metricVerdict(Target target, Metric m, ConcurrentHashMap<String, MetricVerdictCache.Entry> names,
                                  boolean[] errors) {
        if (names == null) {
            return metricConditions.anyTrue(target);
        }
        Boolean known = MetricVerdictCache.lookup(names, m);
        if (known != null) {
            return known;
        }
        errors[0] = false;
        boolean drop = metricConditions.anyTrue(target, errors);
        if (!errors[0]) {
            MetricVerdictCache.store(names, m, drop);
        }
        return drop;
    }

    /** Memoized verdicts (for tests); 0 when the conditions cannot be memoized. */
    int memoizedVerdicts() {
        return verdicts == null ? 0 : verdicts.size();
    }

    @Override
    public String toString() {
        return component;
    }
}
