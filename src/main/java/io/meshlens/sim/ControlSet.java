package io.meshlens.sim;

/**
 * The proxy's calls to one control-plane address ({@code control_*} families): destination and
 * policy watches re-established about once a minute, an identity certificate renewal every 70% of
 * its 24-hour lifetime.
 */
final class ControlSet {
    final byte[] labels;
    final byte[] statusLabels;
    final byte[] outcomeLabels;
    private final long start;
    private final long periodMs;
    private final LatencyShape shape;

    long requests;
    long sumMs;
    final long[] buckets = new long[LatencyShape.LEGACY_MS.length];

    ControlSet(SimPod pod, String addr, String serverSa, long periodMs, double medianMs) {
        String base = LabelText.of().add("addr", addr).add("tls", "true")
                .add("server_id", serverSa + "." + ShopModel.LINKERD_NS + ".serviceaccount.identity.linkerd.cluster.local")
                .toString();
        String withStatus = LabelText.of().raw(base).add("status_code", "200").toString();
        labels = Buf.ascii(base);
        statusLabels = Buf.ascii(withStatus);
        outcomeLabels = Buf.ascii(LabelText.of().raw(withStatus).add("classification", "success")
                .add("grpc_status", "0").add("error", "").toString());
        this.start = pod.startMillis();
        this.periodMs = periodMs;
        this.shape = new LatencyShape(medianMs, 0.5, 0);
    }

    void compute(long now) {
        requests = now < start ? 0 : 1 + (now - start) / periodMs;
        sumMs = (long) Math.floor(requests * shape.meanMs);
        for (int k = 0; k < buckets.length; k++) {
            buckets[k] = LatencyShape.bucket(requests, shape.legacyCdf[k]);
        }
    }
}
