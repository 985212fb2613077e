package io.meshlens.service;

import io.meshlens.component.ConsumerException;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.component.MetricsDropHint;
import io.meshlens.component.TracesConsumer;
import io.meshlens.model.MetricBatch;
import io.meshlens.model.SpanBatch;

import java.util.List;

/**
 * Hands one batch to several consumers (a receiver used by several pipelines, a pipeline with
 * several exporters). A consumer owns and may mutate what it gets, so every consumer but the last
 * receives a copy taken before anyone touched the batch; the last one gets the original, which
 * saves a copy in the common one-consumer-per-branch case.
 */
final class FanOut {
    private FanOut() {
    }

    static MetricsConsumer metrics(List<MetricsConsumer> consumers) {
        if (consumers.isEmpty()) {
            return null;
        }
        if (consumers.size() == 1) {
            return consumers.getFirst();
        }
        MetricsConsumer[] all = consumers.toArray(MetricsConsumer[]::new);
        // A metric may be left out only if every branch drops it (each branch gets the skipped list).
        MetricsDropHint hint = all[0].dropHint();
        for (int i = 1; i < all.length; i++) {
            hint = MetricsDropHint.all(hint, all[i].dropHint());
        }
        MetricsDropHint everyBranch = hint;
        return new MetricsConsumer() {
            @Override
            public void consumeMetrics(MetricBatch batch) {
                Errors errors = new Errors();
                for (int i = 0; i < all.length; i++) {
                    MetricBatch b = i == all.length - 1 ? batch : batch.copy();
                    try {
                        all[i].consumeMetrics(b);
                    } catch (ConsumerException e) {
                        errors.add(e);
                    }
                }
                errors.throwIfAny();
            }

            @Override
            public MetricsDropHint dropHint() {
                return everyBranch;
            }
        };
    }

    static TracesConsumer traces(List<TracesConsumer> consumers) {
        if (consumers.isEmpty()) {
            return null;
        }
        if (consumers.size() == 1) {
            return consumers.getFirst();
        }
        TracesConsumer[] all = consumers.toArray(TracesConsumer[]::new);
        return batch -> {
            Errors errors = new Errors();
            for (int i = 0; i < all.length; i++) {
                SpanBatch b = i == all.length - 1 ? batch : batch.copy();
                try {
                    all[i].consumeTraces(b);
                } catch (ConsumerException e) {
                    errors.add(e);
                }
            }
            errors.throwIfAny();
        };
    }

    /**
     * One branch failing must not starve the others, so every consumer is called and the failures
     * are reported together afterwards; the result is retryable only if every failure was.
     */
    private static final class Errors {
        private ConsumerException first;
        private int count;
        private boolean allRetryable = true;

        void add(ConsumerException e) {
            if (first == null) {
                first = e;
            }
            count++;
            allRetryable &= e.retryable();
        }

        void throwIfAny() {
            if (first == null) {
                return;
            }
            if (count == 1) {
                throw first;
            }
            ConsumerException e = new ConsumerException(count + " consumers failed, first: " + first.getMessage(),
                    first, allRetryable);
            throw e;
        }
    }
}
