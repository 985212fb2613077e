package io.meshlens.extension.meshview;

import java.util.List;

/** The 17 gRPC status codes by number (the {@code grpc_status} label carries the number). */
public final class GrpcStatus {
    private static final List<String> NAMES = List.of("OK", "CANCELLED", "UNKNOWN", "INVALID_ARGUMENT",
            "DEADLINE_EXCEEDED", "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED",
            "FAILED_PRECONDITION", "ABORTED", "OUT_OF_RANGE", "UNIMPLEMENTED", "INTERNAL", "UNAVAILABLE",
            "DATA_LOSS", "UNAUTHENTICATED");

    private GrpcStatus() {
    }

    /** {@code "14"} → {@code UNAVAILABLE}; an unknown or non-numeric code is returned as {@code CODE_<x>}. */
    public static String name(String code) {
        try {
            int n = Integer.parseInt(code.trim());
            if (n >= 0 && n < NAMES.size()) {
                return NAMES.get(n);
            }
        } catch (NumberFormatException e) {
            // fall through: say what we got
        }
        return "CODE_" + code;
    }
}
