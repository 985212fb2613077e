package io.meshlens.processor.batch;

import java.time.Duration;
import java.util.List;

/**
 * {@code batch} processor config (core {@code processor/batchprocessor}).
 *
 * @param timeout            send a non-empty batch after this long (0: send immediately)
 * @param sendBatchSize      send when this many items (data points / spans) are pending
 * @param sendBatchMaxSize   split batches larger than this (0: no upper bound)
 * @param metadataKeys       accepted; meshlens receivers carry no client metadata, so one batcher serves all
 * @param metadataCardinalityLimit accepted (default 1000)
 */
public record BatchConfig(Duration timeout, int sendBatchSize, int sendBatchMaxSize, List<String> metadataKeys,
                          int metadataCardinalityLimit) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(200);
    public static final int DEFAULT_SEND_BATCH_SIZE = 8192;
    public static final int DEFAULT_METADATA_CARDINALITY_LIMIT = 1000;

    public BatchConfig {
        metadataKeys = List.copyOf(metadataKeys);
    }

    public static BatchConfig defaults() {
        return new BatchConfig(DEFAULT_TIMEOUT, DEFAULT_SEND_BATCH_SIZE, 0, List.of(),
                DEFAULT_METADATA_CARDINALITY_LIMIT);
    }
}
