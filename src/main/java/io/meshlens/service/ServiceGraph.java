package io.meshlens.service;

import io.meshlens.component.Component;
import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.ExporterFactory;
import io.meshlens.component.Extension;
import io.meshlens.component.ExtensionFactory;
import io.meshlens.component.Kind;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.ProcessorFactory;
import io.meshlens.component.Receiver;
import io.meshlens.component.ReceiverFactory;
import io.meshlens.component.Signal;
import io.meshlens.component.TracesConsumer;
import io.meshlens.service.ServiceConfig.ComponentConfig;
import io.meshlens.service.ServiceConfig.PipelineConfig;
import io.meshlens.telemetry.CardinalityTracker;
import io.meshlens.telemetry.Telemetry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The component instances of a validated config, wired as the Collector wires them: one receiver
 * per receiver ID whose consumer fans out to every pipeline that lists it; processors created per
 * pipeline, chained back to front; one exporter per exporter ID, shared by the pipelines naming it.
 */
final class ServiceGraph {
    final Map<ComponentId, Extension> extensions = new LinkedHashMap<>();
    final Map<ComponentId, Exporter> exporters = new LinkedHashMap<>();
    /** Pipeline ID → its processors in pipeline order. */
    final Map<String, List<Component>> processors = new LinkedHashMap<>();
    final Map<ComponentId, Receiver> receivers = new LinkedHashMap<>();

    private final ServiceConfig config;
    private final Telemetry telemetry;

    private ServiceGraph(ServiceConfig config, Telemetry telemetry) {
        this.config = config;
        this.telemetry = telemetry;
    }

    static ServiceGraph build(ServiceConfig config, Telemetry telemetry) {
        ServiceGraph g = new ServiceGraph(config, telemetry);
        g.wire();
        return g;
    }

    /** Start order: extensions, exporters, processors (last to first in each pipeline), receivers. */
    List<Component> startOrder() {
        List<Component> out = new ArrayList<>(extensions.values());
        out.addAll(exporters.values());
        for (List<Component> chain : processors.values()) {
            out.addAll(chain.reversed());
        }
        out.addAll(receivers.values());
        return out;
    }

    private void wire() {
        for (ComponentId id : config.serviceExtensions()) {
            ComponentConfig c = config.extensions().get(id);
            extensions.put(id, createExtension((ExtensionFactory<?>) c.factory(), settings(c, ""), c.config()));
        }
        Map<ComponentId, List<MetricsConsumer>> metricsInputs = new LinkedHashMap<>();
        Map<ComponentId, List<TracesConsumer>> tracesInputs = new LinkedHashMap<>();
        for (PipelineConfig p : config.pipelines()) {
            for (ComponentId id : p.exporters()) {
                exporters.computeIfAbsent(id, x -> {
                    ComponentConfig c = config.exporters().get(x);
                    return createExporter((ExporterFactory<?>) c.factory(), settings(c, ""), c.config());
                });
            }
            List<Component> chain = new ArrayList<>();
            if (p.signal() == Signal.METRICS) {
                // The output of the receivers and of each processor is counted for the meshview
                // cardinality view (a no-op until meshview enables it); the last stage is what is exported.
                CardinalityTracker cardinality = CardinalityTracker.of(telemetry);
                // A receiver may add its own first stage (what it took in, e.g. before metric relabeling).
                p.receivers().forEach(id -> cardinality.feeds(id.toString(), p.id()));
                cardinality.stage(p.id(), "receivers");
                p.processors().forEach(id -> cardinality.stage(p.id(), "processor " + id));
                MetricsConsumer next = FanOut.metrics(p.exporters().stream()
                        .map(id -> as(MetricsConsumer.class, exporters.get(id), Kind.EXPORTER, id, p)).toList());
                for (ComponentId id : p.processors().reversed()) {
                    ComponentConfig c = config.processors().get(id);
                    var proc = createMetricsProcessor((ProcessorFactory<?>) c.factory(), settings(c, p.id()),
                            c.config(), cardinality.wrap(p.id(), "processor " + id, next));
                    chain.addFirst(proc);
                    next = proc;
                }
                next = cardinality.wrap(p.id(), "receivers", next);
                for (ComponentId id : p.receivers()) {
                    metricsInputs.computeIfAbsent(id, x -> new ArrayList<>()).add(next);
                    tracesInputs.computeIfAbsent(id, x -> new ArrayList<>());
                }
            } else {
                TracesConsumer next = FanOut.traces(p.exporters().stream()
                        .map(id -> as(TracesConsumer.class, exporters.get(id), Kind.EXPORTER, id, p)).toList());
                for (ComponentId id : p.processors().reversed()) {
                    ComponentConfig c = config.processors().get(id);
                    var proc = createTracesProcessor((ProcessorFactory<?>) c.factory(), settings(c, p.id()),
                            c.config(), next);
                    chain.addFirst(proc);
                    next = proc;
                }
                for (ComponentId id : p.receivers()) {
                    metricsInputs.computeIfAbsent(id, x -> new ArrayList<>());
                    tracesInputs.computeIfAbsent(id, x -> new ArrayList<>()).add(next);
                }
            }
            processors.put(p.id(), chain);
        }
        for (ComponentId id : metricsInputs.keySet()) {
            ComponentConfig c = config.receivers().get(id);
            var next = new ReceiverFactory.Consumers(FanOut.metrics(metricsInputs.get(id)),
                    FanOut.traces(tracesInputs.get(id)));
            receivers.put(id, createReceiver((ReceiverFactory<?>) c.factory(), settings(c, ""), c.config(), next));
        }
    }

    private CreateSettings settings(ComponentConfig c, String pipeline) {
        return new CreateSettings(c.id(), c.kind(), pipeline, telemetry, Logger.getLogger(c.kind().describe(c.id())));
    }

    /** An exporter must implement the consumer of each signal its factory declares; say so plainly if not. */
    private static <T> T as(Class<T> type, Object component, Kind kind, ComponentId id, PipelineConfig p) {
        if (!type.isInstance(component)) {
            throw new IllegalStateException(kind.describe(id) + " (" + component.getClass().getName()
                    + ") does not implement " + type.getSimpleName() + " needed by pipeline " + p.id());
        }
        return type.cast(component);
    }

    // The factories are typed by their config record; the config came from the same factory's parseConfig.
    @SuppressWarnings("unchecked")
    private static <C> Extension createExtension(ExtensionFactory<C> f, CreateSettings s, Object config) {
        return f.create(s, (C) config);
    }

    @SuppressWarnings("unchecked")
    private static <C> Exporter createExporter(ExporterFactory<C> f, CreateSettings s, Object config) {
        return f.create(s, (C) config);
    }

    @SuppressWarnings("unchecked")
    private static <C> io.meshlens.component.MetricsProcessor createMetricsProcessor(
            ProcessorFactory<C> f, CreateSettings s, Object config, MetricsConsumer next) {
        return f.createMetrics(s, (C) config, next);
    }

    @SuppressWarnings("unchecked")
    private static <C> io.meshlens.component.TracesProcessor createTracesProcessor(
            ProcessorFactory<C> f, CreateSettings s, Object config, TracesConsumer next) {
        return f.createTraces(s, (C) config, next);
    }

    @SuppressWarnings("unchecked")
    private static <C> Receiver createReceiver(ReceiverFactory<C> f, CreateSettings s, Object config,
                                               ReceiverFactory.Consumers next) {
        return f.create(s, (C) config, next);
    }
}
