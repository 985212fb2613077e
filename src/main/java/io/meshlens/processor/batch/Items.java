package io.meshlens.processor.batch;

/** How the batcher counts, appends and splits one signal's batches. */
interface Items<B> {
    B empty();

    /** Items in the batch: data points for metrics, spans for traces. */
    int count(B batch);

    /** Moves everything of {@code from} to the end of {@code into}. */
    void append(B into, B from);

    /** Removes the first {@code n} items of {@code from} (n < count) and returns them as a new batch. */
    B take(B from, int n);
}
