package io.meshlens.cli;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Host;
import io.meshlens.component.Receiver;
import io.meshlens.component.ReceiverFactory;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.Attributes;
import io.meshlens.model.Metric;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.NumberPoints;
import io.meshlens.model.Scope;
import io.meshlens.model.Temporality;

import java.time.Duration;
import java.util.Set;

/**
 * Test receiver {@code ticker}: pushes a counter {@code meshlens_test_ticks} every {@code interval},
 * and on shutdown one last batch {@code meshlens_test_final} — the "in flight" data that a graceful
 * stop must still deliver.
 */
final class TickerReceiverFactory implements ReceiverFactory<Duration> {
    @Override
    public String type() {
        return "ticker";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public String description() {
        return "test receiver: a counter every interval";
    }

    @Override
    public Duration parseConfig(ConfigReader r) {
        Duration d = r.duration("interval", Duration.ofMillis(100));
        r.finish();
        return d;
    }

    @Override
    public Receiver create(CreateSettings settings, Duration interval, Consumers next) {
        return new Receiver() {
            private Thread thread;
            private long ticks;

            @Override
            public void start(Host host) {
                thread = Thread.ofVirtual().name("ticker").start(() -> {
                    try {
                        while (true) {
                            Thread.sleep(interval);
                            push("meshlens_test_ticks", ++ticks);
                        }
                    } catch (InterruptedException e) {
                        // stopped
                    }
                });
            }

            @Override
            public void shutdown() throws InterruptedException {
                thread.interrupt();
                thread.join();
                push("meshlens_test_final", ticks);
            }

            private void push(String name, long value) {
                MetricBatch b = new MetricBatch();
                NumberPoints p = new NumberPoints();
                p.addInt(Attributes.EMPTY, 0, System.currentTimeMillis() * 1_000_000L, value, 0);
                b.addResource(Attributes.of("service.name", "ticker")).addScope(Scope.EMPTY).metrics()
                        .add(Metric.sum(name, "", "", Temporality.CUMULATIVE, true, p));
                next.metrics().consumeMetrics(b);
            }
        };
    }
}
