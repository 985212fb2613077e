package io.meshlens.component;

import io.meshlens.model.SpanBatch;

/** Receives span batches. The callee owns the batch. */
@FunctionalInterface
public interface TracesConsumer {
    void consumeTraces(SpanBatch batch);
}
