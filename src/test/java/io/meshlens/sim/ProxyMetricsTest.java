package io.meshlens.sim;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyMetricsTest {
    static final long T0 = 1_780_000_000_000L;
    static final long LATER = T0 + 3_600_000L;

    static String render(ShopModel shop, TrafficModel traffic, SimPod p, long now) {
        return new String(new ProxyMetrics(p, traffic, false).render(now), StandardCharsets.UTF_8);
    }

    /** Series per family name (sample names), over all pods. */
    static Map<String, Integer> seriesByName(ShopModel shop, TrafficModel traffic, long now) {
        Map<String, Integer> out = new HashMap<>();
        for (SimPod p : shop.pods()) {
            for (String line : render(shop, traffic, p, now).split("\n")) {
                if (!line.startsWith("#") && !line.isEmpty()) {
                    String name = line.substring(0, indexOfAny(line));
                    out.merge(name, 1, Integer::sum);
                }
            }
        }
        return out;
    }

    static int indexOfAny(String line) {
        int b = line.indexOf('{');
        int s = line.indexOf(' ');
        return b >= 0 && b < s ? b : s;
    }

    @Test
    void printCounts() {
        ShopModel shop = new ShopModel(30, 42, T0);
        TrafficModel traffic = new TrafficModel(shop, List.of(Fault.parse("ad:grpc-unavailable:0.1")));
        Map<String, Integer> m = seriesByName(shop, traffic, LATER);
        int kept = 0;
        for (var e : m.entrySet()) {
            String n = e.getKey();
            if (n.equals("response_total") || n.contains("response_latency_ms") || n.equals("tcp_open_connections")
                    || n.equals("tcp_read_bytes_total") || n.equals("tcp_write_bytes_total")) {
                kept += e.getValue();
            }
        }
        System.out.println("bucket=" + m.get("response_latency_ms_bucket") + " kept=" + kept + " " + m);
        String body = render(shop, traffic, shop.pods().get(10), LATER);
        Set<String> fams = new HashSet<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                fams.add(line.split(" ")[2]);
            }
        }
        System.out.println("families=" + fams.size());
        System.out.println(body.substring(0, Math.min(body.length(), 20000)));
    }
}
