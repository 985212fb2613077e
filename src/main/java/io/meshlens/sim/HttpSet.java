package io.meshlens.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One endpoint label set (E in the reference, §2) of {@code request_total}, {@code response_latency_ms}
 * and {@code response_total}: all the flows one proxy aggregates under the same labels. Inbound, that is
 * every caller with the same identity on the same port; outbound, one callee endpoint.
 *
 * <p>All label text is encoded once here; a scrape only sums flow counts into the preallocated arrays
 * and formats numbers ({@link #compute}).
 */
final class HttpSet {
    final byte[] labels;
    final boolean outboundSide;
    final List<Flow> flows = new ArrayList<>();
    /** {@code E,status_code="200"} per distinct HTTP status. */
    byte[][] statusLabels;
    /** {@code E,status_code=…,classification=…,grpc_status=…,error=…} per distinct outcome. */
    byte[][] outcomeLabels;
    /** flow index → outcome index → status index / outcome-label index. */
    private int[][] toStatus;
    private int[][] toOutcome;

    // Scrape results (guarded by the renderer's lock).
    long requests;
    long[][] buckets;
    long[] statusCount;
    long[] sums;
    long[] outcomeCount;
    private long[] scratch = new long[8];

    HttpSet(String labels, boolean outboundSide) {
        this.labels = Buf.ascii(labels);
        this.outboundSide = outboundSide;
    }

    void add(Flow f) {
        flows.add(f);
    }

    /** Freezes the set after all flows are added: works out the status and outcome label sets. */
    HttpSet seal() {
        String e = new String(labels, java.nio.charset.StandardCharsets.UTF_8);
        Map<String, Integer> statuses = new LinkedHashMap<>();
        Map<String, Integer> outcomes = new LinkedHashMap<>();
        toStatus = new int[flows.size()][];
        toOutcome = new int[flows.size()][];
        for (int i = 0; i < flows.size(); i++) {
            List<Outcome> os = flows.get(i).outcomes;
            toStatus[i] = new int[os.size()];
            toOutcome[i] = new int[os.size()];
            for (int j = 0; j < os.size(); j++) {
                Outcome o = os.get(j);
                String st = LabelText.of().raw(e).add("status_code", o.status()).toString();
                toStatus[i][j] = statuses.computeIfAbsent(st, k -> statuses.size());
                String oc = LabelText.of().raw(st).add("classification", o.failure() ? "failure" : "success")
                        .add("grpc_status", o.grpcStatus()).add("error", o.error()).toString();
                toOutcome[i][j] = outcomes.computeIfAbsent(oc, k -> outcomes.size());
            }
            scratch = scratch.length >= os.size() ? scratch : new long[os.size()];
        }
        statusLabels = statuses.keySet().stream().map(Buf::ascii).toArray(byte[][]::new);
        outcomeLabels = outcomes.keySet().stream().map(Buf::ascii).toArray(byte[][]::new);
        buckets = new long[statusLabels.length][LatencyShape.LEGACY_MS.length];
        statusCount = new long[statusLabels.length];
        sums = new long[statusLabels.length];
        outcomeCount = new long[outcomeLabels.length];
        return this;
    }

    /** Sums the flows at {@code now}; false when every flow has expired (the proxy dropped the series). */
    boolean compute(long now) {
        requests = 0;
        java.util.Arrays.fill(statusCount, 0);
        java.util.Arrays.fill(sums, 0);
        java.util.Arrays.fill(outcomeCount, 0);
        for (long[] b : buckets) {
            java.util.Arrays.fill(b, 0);
        }
        boolean live = false;
        long[] per = new long[statusLabels.length];
        for (int i = 0; i < flows.size(); i++) {
            Flow f = flows.get(i);
            if (f.end != Long.MAX_VALUE && now - f.end > ProxyMetrics.RETAIN_IDLE_MS) {
                continue;
            }
            live = true;
            long n = f.requests(now);
            requests += n;
            Outcome.split(n, f.outcomes, scratch);
            java.util.Arrays.fill(per, 0);
            for (int j = 0; j < f.outcomes.size(); j++) {
                outcomeCount[toOutcome[i][j]] += scratch[j];
                per[toStatus[i][j]] += scratch[j];
            }
            LatencyShape shape = outboundSide ? f.outbound : f.inbound;
            for (int s = 0; s < per.length; s++) {
                long c = per[s];
                if (c == 0) {
                    continue;
                }
                statusCount[s] += c;
                sums[s] += f.sumMs(c, outboundSide);
                long[] b = buckets[s];
                for (int k = 0; k < b.length; k++) {
                    b[k] += LatencyShape.bucket(c, shape.legacyCdf[k]);
                }
            }
        }
        return live;
    }
}
