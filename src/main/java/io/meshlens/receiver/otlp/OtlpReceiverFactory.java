package io.meshlens.receiver.otlp;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Receiver;
import io.meshlens.component.ReceiverFactory;
import io.meshlens.component.Signal;
import io.meshlens.config.ConfigReader;

import java.util.Set;

/** Factory of the {@code otlp} receiver (metrics and traces). */
public final class OtlpReceiverFactory implements ReceiverFactory<OtlpReceiverConfig> {
    @Override
    public String type() {
        return "otlp";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String description() {
        return "receives OTLP metrics and traces over gRPC and HTTP (protobuf/JSON)";
    }

    @Override
    public OtlpReceiverConfig parseConfig(ConfigReader reader) {
        return OtlpReceiverConfig.parse(reader);
    }

    @Override
    public Receiver create(CreateSettings settings, OtlpReceiverConfig config, Consumers next) {
        return new OtlpReceiver(settings, config, next.metrics(), next.traces());
    }
}
