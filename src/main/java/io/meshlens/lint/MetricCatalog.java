package io.meshlens.lint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Metric families known to exist, by the name the Prometheus receiver gives them (what an OTTL
 * condition on {@code name} sees). Shipped as data: the Linkerd proxy's families.
 */
final class MetricCatalog {
    enum Type { COUNTER, GAUGE, HISTOGRAM }

    /** One family; {@code optional} ones exist only in some setups (route_* needs ServiceProfiles). */
    record Family(String name, Type type, boolean optional) {
        /** The sample names Prometheus sees (and the backend stores): a histogram's _bucket, _count, _sum. */
        List<String> sampleNames() {
            return type == Type.HISTOGRAM ? List.of(name + "_bucket", name + "_count", name + "_sum") : List.of(name);
        }

        /** {@code control_response_latency_ms (control_response_latency_ms_bucket, _count, _sum)}. */
        String describe() {
            String s = type == Type.HISTOGRAM ? name + " (" + name + "_bucket, _count, _sum)" : name;
            return optional ? s + " [only with ServiceProfiles]" : s;
        }
    }

    /** The five families the seed's pipeline keeps: Linkerd's golden metrics. */
    static final List<String> CORE = List.of("response_total", "response_latency_ms", "tcp_open_connections",
            "tcp_read_bytes_total", "tcp_write_bytes_total");

    static final String LINKERD_RESOURCE = "linkerd-proxy-families.txt";

    private final List<Family> families;

    MetricCatalog(List<Family> families) {
        this.families = List.copyOf(families);
    }

    static MetricCatalog linkerdProxy() {
        try (InputStream in = MetricCatalog.class.getResourceAsStream(LINKERD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + LINKERD_RESOURCE);
            }
            return new MetricCatalog(parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))
                    .lines().toList()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Family> parse(List<String> lines) {
        List<Family> out = new ArrayList<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+");
            out.add(new Family(f[0], Type.valueOf(f[1].toUpperCase()), f.length > 2 && f[2].equals("optional")));
        }
        return out;
    }

    List<Family> families() {
        return families;
    }

    Family family(String name) {
        return families.stream().filter(f -> f.name.equals(name)).findFirst().orElse(null);
    }
}
