package io.meshlens.processor.attributes;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.model.DataPoints;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.ScopeMetrics;
import io.meshlens.processor.attraction.AttributeActions;
import io.meshlens.processor.attraction.IdentityMemo;
import io.meshlens.telemetry.ProcessorTelemetry;

import java.util.List;

/**
 * Applies the actions to the attributes of every data point of the metrics that include/exclude
 * select. Scraped series keep their {@code Attributes} instance from scrape to scrape, so results
 * are memoized by identity: steady-state scrapes re-tag without building new attribute sets.
 */
final class MetricAttributesProcessor implements MetricsProcessor {
    /** Series of a large scrape of one node (a Linkerd proxy exposes ~1-2k); sized for several. */
    private static final int MEMO_SIZE = 1 << 16;

    private final MetricsConsumer next;
    private final MatchProperties include;
    private final MatchProperties exclude;
    private final IdentityMemo memo;
    private final ProcessorTelemetry items;

    MetricAttributesProcessor(CreateSettings settings, AttributesConfig config, MetricsConsumer next) {
        this.next = next;
        this.include = config.include() != null && config.include().hasMetricMatcher() ? config.include() : null;
        this.exclude = config.exclude() != null && config.exclude().hasMetricMatcher() ? config.exclude() : null;
        AttributeActions actions = AttributeActions.compile(config.actions());
        this.memo = new IdentityMemo(MEMO_SIZE, actions::apply);
        this.items = new ProcessorTelemetry(settings.telemetry(), settings.id().toString(), settings.pipeline());
    }

    @Override
    public void consumeMetrics(MetricBatch batch) {
        // Indexed loops: no iterator objects on the per-scrape path.
        List<ResourceMetrics> resources = batch.resources();
        for (int r = 0; r < resources.size(); r++) {
            List<ScopeMetrics> scopes = resources.get(r).scopes();
            for (int s = 0; s < scopes.size(); s++) {
                List<Metric> metrics = scopes.get(s).metrics();
                for (int j = 0; j < metrics.size(); j++) {
                    Metric m = metrics.get(j);
                    if (skip(m.name())) {
                        continue;
                    }
                    DataPoints p = m.points();
                    for (int i = 0; i < p.size(); i++) {
                        p.setAttributes(i, memo.apply(p.attributes(i)));
                    }
                }
            }
        }
        int n = batch.pointCount();
        items.items(n, n);
        next.consumeMetrics(batch);
    }

    /** Include is checked before exclude, as in the Collector. */
    private boolean skip(String name) {
        return include != null && !include.matchesMetric(name) || exclude != null && exclude.matchesMetric(name);
    }
}
