package io.meshlens.sim;

import java.util.ArrayList;
import java.util.List;

/** One transport label set of the {@code tcp_*} families: the connections one proxy aggregates under it. */
final class TcpSet {
    enum Side { INBOUND_SRC, INBOUND_DST, OUTBOUND_SRC, OUTBOUND_DST }

    final byte[] labels;
    final Side side;
    final List<Flow> flows = new ArrayList<>();

    long opened;
    long open;
    long closed;
    long read;
    long written;

    TcpSet(String labels, Side side) {
        this.labels = Buf.ascii(labels);
        this.side = side;
    }

    boolean compute(long now) {
        opened = open = closed = read = written = 0;
        boolean live = false;
        for (Flow f : flows) {
            if (f.end != Long.MAX_VALUE && now - f.end > ProxyMetrics.RETAIN_IDLE_MS) {
                continue;
            }
            live = true;
            opened += f.opened(now);
            open += f.openConnections(now);
            closed += f.closed(now);
            long req = f.requestBytes(now);
            long rsp = f.responseBytes(now);
            // The proxy reads what flows towards it on this socket and writes the rest.
            boolean readsRequests = side == Side.INBOUND_SRC || side == Side.OUTBOUND_SRC;
            read += readsRequests ? req : rsp;
            written += readsRequests ? rsp : req;
        }
        return live;
    }
}
