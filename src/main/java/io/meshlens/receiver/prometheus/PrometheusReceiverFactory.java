package io.meshlens.receiver.prometheus;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Receiver;
import io.meshlens.component.ReceiverFactory;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigReader;

import java.time.Duration;
import java.util.Set;

/** Factory of the {@code prometheus} receiver (metrics). */
public final class PrometheusReceiverFactory implements ReceiverFactory<PrometheusReceiverConfig> {
    private final Duration discoveryUpdateEvery;

    public PrometheusReceiverFactory() {
        this(Duration.ofSeconds(5));
    }

    /** @param discoveryUpdateEvery how often target changes are applied (Prometheus: 5s) */
    public PrometheusReceiverFactory(Duration discoveryUpdateEvery) {
        this.discoveryUpdateEvery = discoveryUpdateEvery;
    }

    @Override
    public String type() {
        return "prometheus";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS);
    }

    @Override
    public String description() {
        return "scrapes Prometheus/OpenMetrics endpoints (static, file and Kubernetes discovery, relabeling)";
    }

    @Override
    public PrometheusReceiverConfig parseConfig(ConfigReader reader) {
        return PrometheusReceiverConfig.parse(reader);
    }

    @Override
    public Receiver create(CreateSettings settings, PrometheusReceiverConfig config, Consumers next) {
        return new PrometheusReceiver(settings, config, next.metrics(), discoveryUpdateEvery);
    }
}
