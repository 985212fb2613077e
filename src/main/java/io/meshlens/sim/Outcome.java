package io.meshlens.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * How a response ends, as the proxy labels it on {@code response_total}: HTTP status, gRPC status
 * ({@code ""} for plain HTTP), classification and stream error. {@code fraction} is the share of the
 * edge's requests; outcome 0 takes whatever the others leave.
 */
record Outcome(String status, String grpcStatus, boolean failure, String error, double fraction) {

    /** The outcomes of an edge under the faults on its callee (first = the normal answer). */
    static List<Outcome> of(Edge e, List<Fault> faults) {
        List<Outcome> out = new ArrayList<>();
        boolean grpc = e.protocol() == Protocol.GRPC;
        out.add(new Outcome(Integer.toString(e.okStatus()), grpc ? "0" : "", false, "", 0));
        for (Edge.Status s : e.otherStatuses()) {
            out.add(new Outcome(Integer.toString(s.code()), "", s.code() >= 500, "", s.fraction()));
        }
        for (Fault f : faults) {
            switch (f.kind()) {
                // gRPC puts the status in the trailers: the HTTP status stays 200, the proxy still says failure.
                case GRPC_UNAVAILABLE -> out.add(new Outcome("200", "14", true, "", f.fraction()));
                case HTTP_STATUS -> out.add(new Outcome(Integer.toString(f.statusCode()), grpc ? "2" : "", true, "",
                        f.fraction()));
                case LATENCY -> { }
            }
        }
        return List.copyOf(out);
    }

    /**
     * Splits {@code n} requests over the outcomes. Each share is taken from what the earlier ones
     * left ({@code floor(rest * f_i / remaining_fraction)}), which keeps every share monotone in
     * {@code n}: a counter never goes down as time advances.
     */
    static void split(long n, List<Outcome> outcomes, long[] into) {
        long rest = n;
        double remaining = 1.0;
        for (int i = 1; i < outcomes.size(); i++) {
            double f = outcomes.get(i).fraction();
            double g = remaining <= 0 ? 0 : Math.min(1.0, f / remaining);
            long c = (long) Math.floor(rest * g);
            into[i] = c;
            rest -= c;
            remaining -= f;
        }
        into[0] = rest;
    }
}
