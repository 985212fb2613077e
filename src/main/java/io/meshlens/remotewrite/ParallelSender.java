package io.meshlens.remotewrite;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * Sends the requests of one push with at most {@code numConsumers} in flight, as contrib's exporter
 * does with {@code num_consumers} (its queue itself has one consumer, so pushes stay in order and
 * so do the samples of each series). Virtual threads: a request mostly waits on the network.
 */
public final class ParallelSender implements AutoCloseable {
    private final RetryingSender sender;
    private final Semaphore permits;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();

    public ParallelSender(RetryingSender sender, int numConsumers) {
        this.sender = sender;
        this.permits = new Semaphore(Math.max(1, numConsumers));
    }

    public RetryingSender sender() {
        return sender;
    }

    /** Sends every body; returns one verdict per body, in order. */
    public RetryingSender.Verdict[] sendAll(List<RequestBody> bodies, boolean forever, BooleanSupplier stop)
            throws InterruptedException {
        RetryingSender.Verdict[] out = new RetryingSender.Verdict[bodies.size()];
        if (bodies.size() == 1) {
            out[0] = sender.send(bodies.get(0), forever, stop);
            return out;
        }
        List<Future<RetryingSender.Verdict>> futures = new ArrayList<>(bodies.size());
        for (RequestBody body : bodies) {
            permits.acquire();
            futures.add(pool.submit(() -> {
                try {
                    return sender.send(body, forever, stop);
                } finally {
                    permits.release();
                }
            }));
        }
        for (int i = 0; i < futures.size(); i++) {
            try {
                out[i] = futures.get(i).get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("sending failed unexpectedly", e.getCause());
            }
        }
        return out;
    }

    static boolean allDelivered(RetryingSender.Verdict[] verdicts) {
        for (RetryingSender.Verdict v : verdicts) {
            if (v != RetryingSender.Verdict.SENT) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
