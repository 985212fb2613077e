package io.meshlens.sim;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ProxyMetricsTest {
    static final long T0 = 1_780_000_000_000L;
    static final long LATER = T0 + 3_600_000L;
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\")*\\})? "
                    + "(-?[0-9]+(\\.[0-9]+)?|\\+Inf|NaN)");
    private static final Pattern COMMENT = Pattern.compile(
            "# (HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*|TYPE [a-zA-Z_:][a-zA-Z0-9_:]* (counter|gauge|histogram)|UNIT [a-zA-Z_:][a-zA-Z0-9_:]* (seconds|bytes)|EOF)");

    private final ShopModel shop = new ShopModel(30, 42, T0);
    private final TrafficModel traffic = new TrafficModel(shop, List.of(Fault.parse("ad:grpc-unavailable:0.1")));

    private String render(SimPod p, long now) {
        return new String(new ProxyMetrics(p, traffic, false).render(now), StandardCharsets.UTF_8);
    }

    private SimPod pod(String svc) {
        return shop.pods().stream().filter(p -> p.service().name().equals(svc)).findFirst().orElseThrow();
    }

    private Map<String, Integer> seriesByName(long now) {
        Map<String, Integer> out = new HashMap<>();
        for (SimPod p : shop.pods()) {
            for (String line : render(p, now).split("\n")) {
                if (!line.startsWith("#")) {
                    out.merge(name(line), 1, Integer::sum);
                }
            }
        }
        return out;
    }

    private static String name(String line) {
        int b = line.indexOf('{');
        int s = line.indexOf(' ');
        return line.substring(0, b >= 0 && b < s ? b : s);
    }

    private static long value(String line) {
        return Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
    }

    /**
     * The seed's proxy (edge-26.5.5, proxy ≈ v2.35x) exposed 163 families. Reference §4: the
     * prometheus-client block prints all its families even when empty — 14 tokio + 37 control
     * (dns, 3 cert, 3 × 11 balancer) + 15 inbound (detect ×2, transport header, 6 route families ×
     * http/grpc, all present after v2.342) + 63 outbound + 11 process + 2 info = 142. The legacy block
     * prints only families with data: request/response trio (3), control trio (3), tcp (5),
     * opentelemetry span export (3, always), stack (4), and of the 11 policy/error counters the ones a
     * quiet lab touches: inbound HTTP and TCP authz allows and inbound TCP I/O errors (3) = 21.
     * No ServiceProfiles, so no route_* families. 142 + 21 = 163.
     */
    @Test
    void everyProxyExposesTheSeeds163Families() {
        for (SimPod p : shop.pods()) {
            Set<String> families = new LinkedHashSet<>();
            for (String line : render(p, LATER).split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    families.add(line.split(" ")[2]);
                }
            }
            assertThat(families).as(p.name()).hasSize(163).doesNotContain("route_response_latency_ms");
        }
    }

    @Test
    void serviceProfilesAddTheRouteFamilies() {
        String body = new String(new ProxyMetrics(pod("frontend"), traffic, true).render(LATER), StandardCharsets.UTF_8);
        assertThat(body).contains("# TYPE route_response_latency_ms histogram")
                .contains("route_request_total{direction=\"outbound\",dst=\"ad.otel-demo.svc.cluster.local:8080\"");
    }

    @Test
    void everyLineIsValidTextFormatAndThePageEndsWithEof() {
        for (SimPod p : shop.pods()) {
            String body = render(p, LATER);
            assertThat(body).endsWith("# EOF\n");
            for (String line : body.split("\n")) {
                assertThat(line.startsWith("#") ? COMMENT.matcher(line).matches() : SAMPLE.matcher(line).matches())
                        .as(line).isTrue();
            }
        }
    }

    @Test
    void legacyHistogramsHave26CumulativeBucketsWithLeLast() {
        String body = render(pod("cart"), LATER);
        List<String> buckets = body.lines().filter(l -> l.startsWith("response_latency_ms_bucket{direction=\"inbound\""))
                .filter(l -> l.contains("client_id=\"opentelemetry-demo")).toList();
        assertThat(buckets).hasSize(26);
        assertThat(buckets.get(0)).contains(",status_code=\"200\",le=\"1\"} ");
        assertThat(buckets.get(25)).endsWith(value(buckets.get(25)) + "").contains("le=\"+Inf\"");
        for (int i = 1; i < buckets.size(); i++) {
            assertThat(value(buckets.get(i))).isGreaterThanOrEqualTo(value(buckets.get(i - 1)));
        }
        assertThat(body).contains("# UNIT process_cpu_seconds seconds\nprocess_cpu_seconds_total ")
                .contains("outbound_grpc_route_request_duration_seconds_bucket{le=\"0.05\",parent_group=\"core\"");
    }

    /** The seed: 5,642 response_latency_ms_bucket series and 9,280 after the OTTL filter, on 30 pods. */
    @Test
    void seedSeriesCountsComeOutWithin25Percent() {
        Map<String, Integer> m = seriesByName(LATER);
        int kept = 0;
        for (var e : m.entrySet()) {
            String n = e.getKey();
            if (n.equals("response_total") || n.matches(".*response_latency_ms.*") || n.equals("tcp_open_connections")
                    || n.equals("tcp_read_bytes_total") || n.equals("tcp_write_bytes_total")) {
                kept += e.getValue();
            }
        }
        assertThat(m.get("response_latency_ms_bucket")).isBetween((int) (5642 * 0.75), (int) (5642 * 1.25));
        assertThat(m.get("response_latency_ms_bucket") % 26).isZero();
        assertThat(kept).isBetween((int) (9280 * 0.75), (int) (9280 * 1.25));
    }

    /** Every meshed call is counted twice, by the caller's outbound and the callee's inbound proxy. */
    @Test
    void outboundCountsEqualInboundCountsAcrossTheMesh() {
        long out = 0;
        long in = 0;
        for (SimPod p : shop.pods()) {
            for (String line : render(p, LATER).split("\n")) {
                if (line.startsWith("request_total{direction=\"outbound\"")) {
                    out += value(line);
                } else if (line.startsWith("request_total{direction=\"inbound\"") && line.contains("tls=\"true\"")) {
                    in += value(line);
                }
            }
        }
        assertThat(out).isPositive().isEqualTo(in);
    }

    @Test
    void adFaultShowsAsHttp200WithGrpcStatus14ClassifiedFailureAndIncreases() {
        String label = "status_code=\"200\",classification=\"failure\",grpc_status=\"14\",error=\"\"} ";
        long before = failures(render(pod("frontend"), T0 + 600_000), label);
        long after = failures(render(pod("frontend"), LATER), label);
        assertThat(before).isPositive();
        assertThat(after).isGreaterThan(before);
        String line = render(pod("frontend"), LATER).lines().filter(l -> l.startsWith("response_total{direction=\"outbound\"")
                && l.contains("dst_service=\"ad\"") && l.contains(label)).findFirst().orElseThrow();
        long total = render(pod("frontend"), LATER).lines().filter(l -> l.startsWith("request_total{direction=\"outbound\"")
                && l.contains("dst_service=\"ad\"")).mapToLong(ProxyMetricsTest::value).sum();
        assertThat((double) value(line) / total).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.01));
        // The ad's own inbound side agrees.
        assertThat(failures(render(pod("ad"), LATER), label)).isEqualTo(after);
    }

    private static long failures(String body, String label) {
        return body.lines().filter(l -> l.startsWith("response_total{") && l.contains(label)
                && (l.contains("dst_service=\"ad\"") || l.contains("direction=\"inbound\"")))
                .mapToLong(ProxyMetricsTest::value).sum();
    }

    @Test
    void countersNeverDecreaseAsTheClockAdvances() {
        SimPod fe = pod("frontend");
        String[] a = render(fe, T0 + 1_000_000).split("\n");
        String[] b = render(fe, LATER).split("\n");
        Map<String, Long> first = new HashMap<>();
        for (String l : a) {
            if (l.startsWith("request_total") || l.startsWith("response_total") || l.startsWith("tcp_read_bytes_total")) {
                first.put(l.substring(0, l.lastIndexOf(' ')), value(l));
            }
        }
        int compared = 0;
        for (String l : b) {
            Long v = first.get(l.lastIndexOf(' ') > 0 ? l.substring(0, l.lastIndexOf(' ')) : l);
            if (v != null) {
                assertThat(value(l)).as(l).isGreaterThanOrEqualTo(v);
                compared++;
            }
        }
        assertThat(compared).isGreaterThan(10);
    }

    @Test
    void sameSeedAndClockGiveTheSameBytes() {
        ShopModel other = new ShopModel(30, 42, T0);
        TrafficModel t2 = new TrafficModel(other, List.of(Fault.parse("ad:grpc-unavailable:0.1")));
        for (int i = 0; i < 30; i++) {
            assertThat(new ProxyMetrics(other.pods().get(i), t2, false).render(LATER))
                    .isEqualTo(new ProxyMetrics(shop.pods().get(i), traffic, false).render(LATER));
        }
        ShopModel seed7 = new ShopModel(30, 7, T0);
        assertThat(seed7.pods().get(10).name()).isNotEqualTo(shop.pods().get(10).name());
    }

    @Test
    void outboundSeriesCarryTheDestinationsWorkloadLabelsSorted() {
        String line = render(pod("frontend"), LATER).lines()
                .filter(l -> l.startsWith("request_total{direction=\"outbound\"") && l.contains("dst_service=\"cart\""))
                .findFirst().orElseThrow();
        SimPod cart = pod("cart");
        assertThat(line).contains("authority=\"cart.otel-demo.svc.cluster.local:8080\",target_addr=\"" + cart.ip()
                + ":8080\"").contains("tls=\"true\",server_id=\"opentelemetry-demo.otel-demo.serviceaccount.identity")
                .contains("dst_control_plane_ns=\"linkerd\",dst_deployment=\"cart\",dst_namespace=\"otel-demo\",dst_pod=\""
                        + cart.name() + "\",dst_pod_template_hash=\"" + cart.templateHash()
                        + "\",dst_service=\"cart\",dst_serviceaccount=\"opentelemetry-demo\",dst_zone=\"\",dst_zone_locality=\"unknown\"}");
    }
}
