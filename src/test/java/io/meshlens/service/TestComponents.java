package io.meshlens.service;

import io.meshlens.component.Component;
import io.meshlens.component.Components;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.ExporterFactory;
import io.meshlens.component.Extension;
import io.meshlens.component.ExtensionFactory;
import io.meshlens.component.Host;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.ProcessorFactory;
import io.meshlens.component.Receiver;
import io.meshlens.component.ReceiverFactory;
import io.meshlens.component.Signal;
import io.meshlens.component.TracesConsumer;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.SpanBatch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Components for service tests. Each records its lifecycle calls ("start receivers::testrcv/a") in
 * a shared list, so tests can assert the order across kinds.
 */
final class TestComponents {
    private TestComponents() {
    }

    /** Debug and health_check plus the recording test types. */
    static Components create(List<String> events) {
        // A fixed set (not BuiltinComponents) so messages listing known types don't change as
        // the build gains components.
        return new Components()
                .register(new io.meshlens.exporter.debug.DebugExporterFactory())
                .register(new io.meshlens.extension.healthcheck.HealthCheckExtensionFactory())
                .register(new ReceiverF(events))
                .register(new TagF(events))
                .register(new SinkF(events))
                .register(new ExtF(events));
    }

    static List<String> events() {
        return Collections.synchronizedList(new ArrayList<>());
    }

    /** fail_start: throw in start(); hang_shutdown: block in shutdown(); final_batch: push one batch in shutdown(). */
    record Flags(boolean failStart, boolean hangShutdown, boolean finalBatch) {
        static Flags read(ConfigReader r) {
            Flags f = new Flags(r.bool("fail_start", false), r.bool("hang_shutdown", false), r.bool("final_batch", false));
            r.finish();
            return f;
        }
    }

    /** Lifecycle recording shared by every test component. */
    abstract static class Recording implements Component {
        final List<String> events;
        final String name;
        final Flags flags;

        Recording(List<String> events, CreateSettings s, Flags flags) {
            this.events = events;
            this.name = s.describe() + (s.pipeline().isEmpty() ? "" : "@" + s.pipeline());
            this.flags = flags;
        }

        @Override
        public void start(Host host) throws Exception {
            if (flags.failStart()) {
                throw new IllegalStateException(name + " refuses to start");
            }
            events.add("start " + name);
        }

        @Override
        public void shutdown() throws Exception {
            events.add("shutdown " + name);
            if (flags.hangShutdown()) {
                Thread.sleep(60_000);
            }
        }
    }

    /** testrcv: pushes what the test hands to {@link #push}. */
    static final class TestReceiver extends Recording implements Receiver {
        final ReceiverFactory.Consumers next;

        TestReceiver(List<String> events, CreateSettings s, Flags f, ReceiverFactory.Consumers next) {
            super(events, s, f);
            this.next = next;
        }

        void push(MetricBatch b) {
            next.metrics().consumeMetrics(b);
        }

        void push(SpanBatch b) {
            next.traces().consumeTraces(b);
        }

        @Override
        public void shutdown() throws Exception {
            if (flags.finalBatch()) {
                MetricBatch b = new MetricBatch();
                b.addResource(io.meshlens.model.Attributes.of("final", "yes"));
                next.metrics().consumeMetrics(b);
                events.add("final batch pushed by " + name);
            }
            super.shutdown();
        }
    }

    /** tag (metrics only): appends its ID to the resource attribute "path" of every resource. */
    static final class Tag extends Recording implements MetricsProcessor {
        private final MetricsConsumer next;
        private final String id;

        Tag(List<String> events, CreateSettings s, Flags f, MetricsConsumer next) {
            super(events, s, f);
            this.next = next;
            this.id = s.id().toString();
        }

        @Override
        public void consumeMetrics(MetricBatch batch) {
            batch.resources().forEach(r -> {
                String p = r.resource().getString("path");
                r.setResource(r.resource().with("path", p == null ? id : p + ">" + id));
            });
            next.consumeMetrics(batch);
        }
    }

    /** sink: keeps every batch it gets. */
    static final class Sink extends Recording implements Exporter, MetricsConsumer, TracesConsumer {
        final List<MetricBatch> metrics = Collections.synchronizedList(new ArrayList<>());
        final List<SpanBatch> traces = Collections.synchronizedList(new ArrayList<>());

        Sink(List<String> events, CreateSettings s, Flags f) {
            super(events, s, f);
        }

        @Override
        public void consumeMetrics(MetricBatch batch) {
            metrics.add(batch);
            events.add(name + " got " + batch.resources().size() + " resources");
        }

        @Override
        public void consumeTraces(SpanBatch batch) {
            traces.add(batch);
        }
    }

    /** rec: an extension recording ready/notReady too. */
    static final class Ext extends Recording implements Extension {
        Ext(List<String> events, CreateSettings s, Flags f) {
            super(events, s, f);
        }

        @Override
        public void ready() {
            events.add("ready " + name);
        }

        @Override
        public void notReady() {
            events.add("notReady " + name);
        }
    }

    record ReceiverF(List<String> events) implements ReceiverFactory<Flags> {
        public String type() { return "testrcv"; }
        public Set<Signal> signals() { return Set.of(Signal.METRICS, Signal.TRACES); }
        public Flags parseConfig(ConfigReader r) { return Flags.read(r); }
        public Receiver create(CreateSettings s, Flags c, Consumers next) { return new TestReceiver(events, s, c, next); }
    }

    record TagF(List<String> events) implements ProcessorFactory<Flags> {
        public String type() { return "tag"; }
        public Set<Signal> signals() { return Set.of(Signal.METRICS); }
        public Flags parseConfig(ConfigReader r) { return Flags.read(r); }
        public MetricsProcessor createMetrics(CreateSettings s, Flags c, MetricsConsumer next) {
            return new Tag(events, s, c, next);
        }
    }

    record SinkF(List<String> events) implements ExporterFactory<Flags> {
        public String type() { return "sink"; }
        public Set<Signal> signals() { return Set.of(Signal.METRICS, Signal.TRACES); }
        public Flags parseConfig(ConfigReader r) { return Flags.read(r); }
        public Exporter create(CreateSettings s, Flags c) { return new Sink(events, s, c); }
    }

    record ExtF(List<String> events) implements ExtensionFactory<Flags> {
        public String type() { return "rec"; }
        public Flags parseConfig(ConfigReader r) { return Flags.read(r); }
        public Extension create(CreateSettings s, Flags c) { return new Ext(events, s, c); }
    }
}
