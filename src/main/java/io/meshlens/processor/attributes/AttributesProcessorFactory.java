package io.meshlens.processor.attributes;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.ProcessorFactory;
import io.meshlens.component.Signal;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.config.ConfigReader;
import io.meshlens.processor.attraction.ActionConfig;
import io.meshlens.processor.attraction.ActionsParser;

import java.util.List;
import java.util.Set;

/** Factory of the {@code attributes} processor (contrib {@code processor/attributesprocessor}). */
public final class AttributesProcessorFactory implements ProcessorFactory<AttributesConfig> {
    @Override
    public String type() {
        return "attributes";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String description() {
        return "applies attribute actions to data point or span attributes, optionally filtered by include/exclude";
    }

    @Override
    public AttributesConfig parseConfig(ConfigReader r) {
        List<ActionConfig> actions = ActionsParser.parse(r, "actions");
        MatchProperties include = r.has("include") ? MatchProperties.parse(r.child("include")) : null;
        MatchProperties exclude = r.has("exclude") ? MatchProperties.parse(r.child("exclude")) : null;
        r.ignore("include", "exclude");
        r.finish();
        return new AttributesConfig(actions, include, exclude);
    }

    @Override
    public MetricsProcessor createMetrics(CreateSettings settings, AttributesConfig config, MetricsConsumer next) {
        return new MetricAttributesProcessor(settings, config, next);
    }

    @Override
    public TracesProcessor createTraces(CreateSettings settings, AttributesConfig config, TracesConsumer next) {
        for (MatchProperties mp : new MatchProperties[] {config.include(), config.exclude()}) {
            if (mp != null && !mp.validForSpans()) {
                throw new IllegalArgumentException(settings.describe() + ": " + MatchProperties.MISSING_FIELD);
            }
        }
        return new SpanAttributesProcessor(settings, config, next);
    }
}
