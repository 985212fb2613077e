package io.meshlens.processor.batch;

import io.meshlens.component.CreateSettings;
import io.meshlens.component.Host;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsProcessor;
import io.meshlens.component.ProcessorFactory;
import io.meshlens.component.Signal;
import io.meshlens.component.TracesConsumer;
import io.meshlens.component.TracesProcessor;
import io.meshlens.config.ConfigReader;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.SpanBatch;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Factory of the {@code batch} processor. */
public final class BatchProcessorFactory implements ProcessorFactory<BatchConfig> {
    @Override
    public String type() {
        return "batch";
    }

    @Override
    public Set<Signal> signals() {
        return Set.of(Signal.METRICS, Signal.TRACES);
    }

    @Override
    public String description() {
        return "groups data into batches by size or time before the exporters";
    }

    @Override
    public BatchConfig parseConfig(ConfigReader r) {
        Duration timeout = r.duration("timeout", BatchConfig.DEFAULT_TIMEOUT);
        int size = uint32(r, "send_batch_size", BatchConfig.DEFAULT_SEND_BATCH_SIZE);
        int max = uint32(r, "send_batch_max_size", 0);
        List<String> keys = r.stringList("metadata_keys");
        int limit = uint32(r, "metadata_cardinality_limit", BatchConfig.DEFAULT_METADATA_CARDINALITY_LIMIT);
        r.finish();
        if (max > 0 && max < size) {
            r.error("send_batch_max_size", "send_batch_max_size must be greater or equal to send_batch_size");
        }
        Set<String> seen = new HashSet<>();
        for (String k : keys) {
            String l = k.toLowerCase(Locale.ROOT);
            if (!seen.add(l)) {
                r.error("metadata_keys", "duplicate entry in metadata_keys: \"" + l + "\" (case-insensitive)");
            }
        }
        if (timeout.isNegative()) {
            r.error("timeout", "timeout must be greater or equal to 0");
        }
        if (!keys.isEmpty()) {
            r.warning("metadata_keys", "metadata_keys has no effect in meshlens: its receivers attach no client "
                    + "metadata, so all data shares one batch");
        }
        return new BatchConfig(timeout, size, max, keys, limit);
    }

    /** The Collector's fields are uint32: negative values do not load. */
    private static int uint32(ConfigReader r, String key, int def) {
        long v = r.integer(key, def);
        if (v < 0 || v > 0xFFFF_FFFFL) {
            r.error(key, r.qualified(key) + ": " + v + " is not a valid unsigned 32-bit integer");
            return def;
        }
        return (int) Math.min(v, Integer.MAX_VALUE);
    }

    @Override
    public MetricsProcessor createMetrics(CreateSettings settings, BatchConfig config, MetricsConsumer next) {
        Batcher<MetricBatch> b = new Batcher<>(settings, config, new MetricItems(), next::consumeMetrics);
        return new MetricsProcessor() {
            @Override
            public void start(Host host) {
                b.start();
            }

            @Override
            public void shutdown() {
                b.shutdown();
            }

            @Override
            public void consumeMetrics(MetricBatch batch) {
                b.consume(batch);
            }
        };
    }

    @Override
    public TracesProcessor createTraces(CreateSettings settings, BatchConfig config, TracesConsumer next) {
        Batcher<SpanBatch> b = new Batcher<>(settings, config, new SpanItems(), next::consumeTraces);
        return new TracesProcessor() {
            @Override
            public void start(Host host) {
                b.start();
            }

            @Override
            public void shutdown() {
                b.shutdown();
            }

            @Override
            public void consumeTraces(SpanBatch batch) {
                b.consume(batch);
            }
        };
    }
}
