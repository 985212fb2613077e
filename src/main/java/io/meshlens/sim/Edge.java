package io.meshlens.sim;

import java.util.List;

/**
 * One arrow of the call graph: {@code from} calls {@code to} on {@code port} at {@code rps} requests
 * per second (spread over the replicas), with a log-normal latency of median {@code medianMs}.
 * {@code from == null} is a caller outside the mesh (the kubelet's probes). {@code otherStatuses}
 * are HTTP statuses other than 200 that the edge answers with some of the time (304, 404).
 */
record Edge(String from, String to, int port, Protocol protocol, double rps, double medianMs, int okStatus,
        List<Status> otherStatuses, int requestBytes, int responseBytes) {

    record Status(int code, double fraction) {}

    static Edge grpc(String from, String to, int port, double rps, double medianMs) {
        return new Edge(from, to, port, Protocol.GRPC, rps, medianMs, 200, List.of(), 220, 900);
    }

    static Edge http(String from, String to, int port, double rps, double medianMs, Status... other) {
        return new Edge(from, to, port, Protocol.HTTP, rps, medianMs, 200, List.of(other), 450, 2400);
    }

    static Edge tcp(String from, String to, int port, double rps) {
        return new Edge(from, to, port, Protocol.TCP, rps, 1, 0, List.of(), 300, 300);
    }

    Edge withOkStatus(int status) {
        return new Edge(from, to, port, protocol, rps, medianMs, status, otherStatuses, requestBytes, responseBytes);
    }

    boolean external() {
        return from == null;
    }
}
