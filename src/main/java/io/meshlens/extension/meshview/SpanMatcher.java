package io.meshlens.extension.meshview;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * Decides whether an error span belongs to the mesh edge whose destination is {@code dst_service}
 * (or {@code dst_deployment}), because traces name the callee differently from the mesh. A span
 * matches a destination D when, compared after lower-casing and dropping everything but letters and
 * digits:
 * <ol>
 *   <li>{@code peer.service} is D;</li>
 *   <li>the first DNS label of {@code server.address} or {@code net.peer.name} is D
 *       ({@code ad}, {@code ad.otel-demo.svc.cluster.local}, {@code ad:8080});</li>
 *   <li>the gRPC service — {@code rpc.service}, or the span name before {@code /} such as
 *       {@code oteldemo.AdService/GetAds} — with its package and a trailing {@code Service} removed is
 *       D ({@code AdService} ↔ {@code ad}, {@code ProductCatalogService} ↔ {@code product-catalog});</li>
 *   <li>the span is a SERVER span and its resource {@code service.name} is D (the callee's own span).</li>
 * </ol>
 */
final class SpanMatcher {
    private SpanMatcher() {
    }

    static Predicate<SpanStore.ErrorSpan> forDestination(String... names) {
        return span -> {
            for (String n : names) {
                if (!n.isEmpty() && matches(span, norm(n))) {
                    return true;
                }
            }
            return false;
        };
    }

    static boolean matches(SpanStore.ErrorSpan s, String dst) {
        var a = s.attributes();
        if (dst.equals(norm(a.getString("peer.service")))) {
            return true;
        }
        for (String key : new String[]{"server.address", "net.peer.name"}) {
            String host = a.getString(key);
            if (host != null && dst.equals(norm(host.split("[.:]", 2)[0]))) {
                return true;
            }
        }
        String rpc = a.getString("rpc.service");
        if (rpc == null && s.name().indexOf('/') > 0) {
            rpc = s.name().substring(0, s.name().indexOf('/'));
        }
        if (rpc != null && dst.equals(grpcServiceName(rpc))) {
            return true;
        }
        return s.kind().equals("SERVER") && dst.equals(norm(s.service()));
    }

    /** {@code oteldemo.AdService} → {@code ad}. */
    static String grpcServiceName(String rpcService) {
        String last = rpcService.substring(rpcService.lastIndexOf('.') + 1);
        if (last.endsWith("Service") && last.length() > "Service".length()) {
            last = last.substring(0, last.length() - "Service".length());
        }
        return norm(last);
    }

    static String norm(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
