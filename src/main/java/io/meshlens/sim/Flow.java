package io.meshlens.sim;

import java.util.List;

/**
 * The requests of one edge between one caller pod and one callee pod. The cumulative request count
 * is a pure function of the clock, {@code floor(rate * (t - start) + phase)}, so both proxies that
 * see the flow (the caller's outbound side and the callee's inbound side) print the same numbers.
 * A flow ends when either pod goes away; its counts then freeze.
 */
final class Flow {
    final Edge edge;
    /** {@code null} when the caller is outside the mesh (kubelet). */
    final SimPod caller;
    final SimPod callee;
    final List<Outcome> outcomes;
    /** Latency as the callee's inbound proxy sees it (service time + injected delay). */
    final LatencyShape inbound;
    /** Latency as the caller's outbound proxy sees it: the inbound time plus the hop between proxies. */
    final LatencyShape outbound;
    final double perMs;
    final double phase;
    final long start;
    volatile long end = Long.MAX_VALUE;

    Flow(Edge edge, SimPod caller, SimPod callee, List<Outcome> outcomes, LatencyShape inbound, double rps,
            double phase) {
        this.edge = edge;
        this.caller = caller;
        this.callee = callee;
        this.outcomes = outcomes;
        this.inbound = inbound;
        this.outbound = inbound.shifted(0.4);
        this.perMs = rps / 1000.0;
        this.phase = phase;
        this.start = Math.max(callee.startMillis(), caller == null ? 0 : caller.startMillis());
    }

    long requests(long now) {
        long t = Math.min(now, end);
        if (t <= start) {
            return 0;
        }
        return (long) Math.floor(perMs * (t - start) + phase);
    }

    /** Connections the pair holds open: one multiplexed HTTP/2 connection, a couple for HTTP/1. */
    int openConnections(long now) {
        if (edge.external() || now >= end || now < start) {
            return 0;
        }
        return edge.protocol() == Protocol.HTTP && edge.rps() > 1 ? 2 : 1;
    }

    /** Connections opened so far: the open ones plus reconnects every 10 minutes; probes connect per request. */
    long opened(long now) {
        if (edge.external()) {
            return requests(now);
        }
        long t = Math.min(now, end);
        if (t < start) {
            return 0;
        }
        int held = edge.protocol() == Protocol.HTTP && edge.rps() > 1 ? 2 : 1;
        return held + (t - start) / 600_000L;
    }

    long closed(long now) {
        return opened(now) - openConnections(now);
    }

    long requestBytes(long now) {
        return requests(now) * edge.requestBytes();
    }

    long responseBytes(long now) {
        return requests(now) * edge.responseBytes();
    }

    long sumMs(long n, boolean outboundSide) {
        return (long) Math.floor(n * (outboundSide ? outbound : inbound).meanMs);
    }
}
