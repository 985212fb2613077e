package io.meshlens.exporter.helper;

import io.meshlens.config.ConfigReader;

/** The Collector's {@code sending_queue}: a bounded in-memory queue of batches drained by consumers. */
public record QueueSettings(boolean enabled, int numConsumers, int queueSize) {
    public static final QueueSettings DEFAULT = new QueueSettings(true, 10, 1000);

    public static QueueSettings parse(ConfigReader r, QueueSettings def) {
        QueueSettings s = new QueueSettings(r.bool("enabled", def.enabled), r.int32("num_consumers", def.numConsumers),
                r.int32("queue_size", def.queueSize));
        r.ignore("storage", "blocking", "sizer");
        if (s.enabled && s.queueSize <= 0) {
            r.error("queue_size", "'queue_size' must be positive");
        }
        if (s.enabled && s.numConsumers <= 0) {
            r.error("num_consumers", "'num_consumers' must be positive");
        }
        r.finish();
        return s;
    }
}
