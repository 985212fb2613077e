package io.meshlens.textparse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkerdExpositionTest {

    private static Map<String, Double> samples(byte[] body) throws ParseException {
        Map<String, Double> out = new LinkedHashMap<>();
        Parser p = Parser.text(body);
        while (p.next() != Entry.EOF) {
            if (p.entry() == Entry.SERIES) {
                out.put(new String(p.seriesBytes(), java.nio.charset.StandardCharsets.UTF_8), p.value());
            }
        }
        return out;
    }

    @Test
    void sameParamsGiveTheSameBody() {
        var a = new LinkerdExposition(LinkerdExposition.Params.busyPod());
        var b = new LinkerdExposition(LinkerdExposition.Params.busyPod());
        assertThat(a.render(3)).isEqualTo(b.render(3));
    }

    @Test
    void laterScrapesKeepTheSeriesAndNeverDecreaseCounters() throws ParseException {
        var gen = new LinkerdExposition(LinkerdExposition.Params.busyPod());
        Map<String, Double> first = samples(gen.renderBytes(0));
        Map<String, Double> later = samples(gen.renderBytes(5));
        assertThat(later.keySet()).containsExactlyElementsOf(first.keySet());
        first.forEach((series, v) -> {
            if (series.contains("_total") || series.contains("_bucket") || series.contains("_count")) {
                assertThat(later.get(series)).as(series).isGreaterThanOrEqualTo(v);
            }
        });
    }

    @Test
    void histogramBucketsAreCumulativeAndEndAtTheCount() throws ParseException {
        Parser p = Parser.text(new LinkerdExposition(LinkerdExposition.Params.busyPod()).renderBytes(2));
        List<Double> buckets = new ArrayList<>();
        int checked = 0;
        while (p.next() != Entry.EOF) {
            if (p.entry() != Entry.SERIES) {
                continue;
            }
            String name = p.metricName();
            if (name.equals("response_latency_ms_bucket")) {
                if (!buckets.isEmpty()) {
                    assertThat(p.value()).isGreaterThanOrEqualTo(buckets.get(buckets.size() - 1));
                }
                buckets.add(p.value());
            } else if (name.equals("response_latency_ms_count")) {
                assertThat(buckets).hasSize(26);
                assertThat(buckets.get(25)).isEqualTo(p.value());
                buckets.clear();
                checked++;
            }
        }
        assertThat(checked).isEqualTo(22);
    }

    @Test
    void scalesWithPeersAndDestinations() throws ParseException {
        var small = new LinkerdExposition(new LinkerdExposition.Params("api-5f6d7c8b9-abcde", "shop", "10.42.1.7", 1, 1, 1, 1));
        var big = new LinkerdExposition(new LinkerdExposition.Params("api-5f6d7c8b9-abcde", "shop", "10.42.1.7", 12, 8, 4, 1));
        int s = samples(small.renderBytes(0)).size();
        int b = samples(big.renderBytes(0)).size();
        assertThat(s).isLessThan(700);
        assertThat(b).isGreaterThan(2 * s);
        assertThat(small.render(0)).contains("target_addr=\"10.42.1.7:8080\"").contains("client_id=\"vote-bot.shop.serviceaccount.identity.linkerd.cluster.local\"");
    }
}
