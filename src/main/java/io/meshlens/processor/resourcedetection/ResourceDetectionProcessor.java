package io.meshlens.processor.resourcedetection;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Host;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.model.Attributes;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.ResourceMetrics;
import io.meshlens.model.SpanBatch;
import io.meshlens.processor.attraction.IdentityMemo;
import io.meshlens.telemetry.ProcessorTelemetry;

import java.util.List;
import java.util.logging.Logger;

/**
 * Detects resource attributes once, at start, and merges them into every resource: with
 * {@code override: true} detected values replace existing ones, otherwise they only fill missing
 * keys. Merges are memoized by resource identity (a scrape target's resource is one instance).
 */
final class ResourceDetectionProcessor implements MetricsProcessor, TracesProcessor {
    private final ResourceDetectionConfig config;
    private final List<Detector> detectors;
    private final MetricsConsumer nextMetrics;
    private final TracesConsumer nextTraces;
    private final Logger logger;
    private final String component;
    private final ProcessorTelemetry items;
    private volatile Attributes detected = Attributes.EMPTY;
    private volatile IdentityMemo memo = new IdentityMemo(2, a -> a);

    ResourceDetectionProcessor(CreateSettings settings, ResourceDetectionConfig config, List<Detector> detectors,
                               MetricsConsumer nextMetrics, TracesConsumer nextTraces) {
        this.config = config;
        this.detectors = detectors;
        this.nextMetrics = nextMetrics;
        this.nextTraces = nextTraces;
        this.logger = settings.logger();
        this.component = settings.describe();
        this.items = new ProcessorTelemetry(settings.telemetry(), settings.id().toString(), settings.pipeline());
    }

    @Override
    public void start(Host host) {
        Attributes found = Detection.run(detectors, config.timeout(), logger, component);
        if (!config.attributes().isEmpty()) {
            Attributes.Builder b = Attributes.builder();
            for (String k : config.attributes()) {
                Object v = found.get(k);
                if (v != null) {
                    b.put(k, v);
                }
            }
            found = b.build();
        }
        Attributes d = found;
        logger.info(() -> component + ": detected resource information: " + d);
        detected = d;
        memo = new IdentityMemo(4096, 1 << 18, this::merge); // one entry per resource (target)
    }

    /** The attributes found at start (empty before start). */
    Attributes detected() {
        return detected;
    }

    Attributes merge(Attributes resource) {
        if (detected.isEmpty()) {
            return resource;
        }
        if (resource.isEmpty()) {
            return detected;
        }
        Attributes.Builder b = resource.toBuilder();
        for (int i = 0; i < detected.size(); i++) {
            if (config.override() || !resource.containsKey(detected.key(i))) {
                b.put(detected.key(i), detected.value(i));
            }
        }
        Attributes out = b.build();
        return out.equals(resource) ? resource : out;
    }

    @Override
    public void consumeMetrics(MetricBatch batch) {
        IdentityMemo m = memo;
        List<ResourceMetrics> resources = batch.resources();
        for (int i = 0; i < resources.size(); i++) {
            ResourceMetrics rm = resources.get(i);
            rm.setResource(m.apply(rm.resource()));
        }
        int n = batch.pointCount();
        items.items(n, n);
        nextMetrics.consumeMetrics(batch);
    }

    @Override
    public void consumeTraces(SpanBatch batch) {
        IdentityMemo m = memo;
        for (SpanBatch.ResourceSpans rs : batch.resources()) {
            rs.setResource(m.apply(rs.resource()));
        }
        int n = batch.spanCount();
        items.items(n, n);
        nextTraces.consumeTraces(batch);
    }
}
