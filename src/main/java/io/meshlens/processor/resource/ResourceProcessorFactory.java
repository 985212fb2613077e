package io.meshlens.processor.resource;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.ProcessorFactory;
import io.meshlens.component.Signal;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.processor.attraction.ActionConfig;
import io.meshlens.processor.attraction.ActionsParser;

import java.util.List;
import java.util.Set;

/** Factory of the {@code resource} processor (contrib {@code processor/resourceprocessor}). */
public final class ResourceProcessorFactory implements ProcessorFactory<ResourceConfig> {
    @Override
    public String type() {
        return "resource";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String description() {
        return "inserts, updates, deletes, hashes, extracts or converts resource attributes";
    }

    @Override
    public ResourceConfig parseConfig(ConfigReader r) {
        List<ActionConfig> actions = ActionsParser.parse(r, "attributes");
        if (!r.has("attributes") || r.raw("attributes") instanceof ConfigNode.ListNode l && l.items().isEmpty()) {
            r.error("missing required field \"attributes\"");
        }
        r.finish();
        return new ResourceConfig(actions);
    }

    @Override
    public MetricsProcessor createMetrics(CreateSettings settings, ResourceConfig config, MetricsConsumer next) {
        return new ResourceProcessor(settings, config, next, null);
    }

    @Override
    public TracesProcessor createTraces(CreateSettings settings, ResourceConfig config, TracesConsumer next) {
        return new ResourceProcessor(settings, config, null, next);
    }
}
