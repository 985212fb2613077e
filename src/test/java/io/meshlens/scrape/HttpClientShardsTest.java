package io.meshlens.scrape;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HttpClientShardsTest {
    @Test
    void aTargetAlwaysGetsTheSameClientAndManyTargetsSpreadOverAFewClients() {
        try (HttpClientShards shards = new HttpClientShards(HttpClient.newBuilder())) {
            URI a = URI.create("http://127.1.0.1:4191/metrics");
            assertThat(shards.forTarget(a)).isSameAs(shards.forTarget(URI.create("http://127.1.0.1:4191/other")));
            Set<HttpClient> distinct = new HashSet<>();
            for (int i = 0; i < 1000; i++) {
                distinct.add(shards.forTarget(URI.create("http://127.1." + (i >> 8) + "." + (i & 255) + ":4191/metrics")));
            }
            assertThat(distinct).hasSize(HttpClientShards.SHARDS);
        }
    }

    @Test
    void closeStopsTheClientsItMadeButNotAClientItWasGiven() throws Exception {
        HttpClientShards shards = new HttpClientShards(HttpClient.newBuilder());
        HttpClient made = shards.forTarget(URI.create("http://127.1.0.1:4191/metrics"));
        shards.close();
        assertThat(made.isTerminated() || made.awaitTermination(java.time.Duration.ofSeconds(5))).isTrue();

        try (HttpClient given = HttpClient.newHttpClient()) {
            HttpClientShards.of(given).close();
            assertThat(given.isTerminated()).isFalse();
        }
    }
}
