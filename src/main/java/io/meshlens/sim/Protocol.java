package io.meshlens.sim;

/** What the proxy detects on a connection: it decides which metric families a call shows up in. */
public enum Protocol {
    /** HTTP/1 or HTTP/2 without gRPC: classified by HTTP status (5xx = failure). */
    HTTP,
    /** gRPC over HTTP/2: classified by {@code grpc-status} (2, 4, 7, 13, 14, 15 = failure). */
    GRPC,
    /** Not HTTP (Kafka, Redis, PostgreSQL): only the TCP families see it. */
    TCP
}
