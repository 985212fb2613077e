package io.meshlens.component;

import io.meshlens.model.MetricBatch;

/** Receives metric batches. The callee owns the batch (it may mutate and keep it). */
@FunctionalInterface
public interface MetricsConsumer {
    /**
     * @throws ConsumerException when the data was not accepted; {@link ConsumerException#retryable()}
     *         tells the sender whether trying again later may work (e.g. memory_limiter refusing).
     */
    void consumeMetrics(MetricBatch batch);

    /**
     * Which metrics this consumer drops whole, so senders may leave them out (see
     * {@link MetricsDropHint}); null, the default, when it changes or keeps data in ways a header
     * alone cannot tell.
     */
    default MetricsDropHint dropHint() {
        return null;
    }
}
