package io.meshlens.scrape;

import io.meshlens.sim.MetricsEndpoint;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpScraperTest {
    private final HttpScraper scraper = new HttpScraper(HttpClient.newHttpClient(), "meshlens-test", Map.of());

    private static MetricsEndpoint endpoint(String ip, String body) throws Exception {
        return new MetricsEndpoint(ip, 0, "/metrics",
                () -> new MetricsEndpoint.Page(body.getBytes(StandardCharsets.UTF_8), MetricsEndpoint.Page.TEXT));
    }

    @Test
    void fetchesGzippedBodyFromItsOwnLoopbackAddress() throws Exception {
        String text = "# TYPE up gauge\nup 1\n".repeat(1000);
        try (MetricsEndpoint ep = endpoint("127.0.9.17", text)) {
            ScrapeBody body = new ScrapeBody();
            scraper.scrape(URI.create("http://" + ep.address() + "/metrics"), Duration.ofSeconds(5), 0, body);
            assertThat(new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8)).isEqualTo(text);
            assertThat(body.contentType()).startsWith("text/plain");
            assertThat(ep.address()).startsWith("127.0.9.17:");
        }
    }

    @Test
    void fetchesGzippedBodyOnTheTargetsOwnConnection() throws Exception {
        String text = "# TYPE up gauge\nup 1\n".repeat(1000);
        try (MetricsEndpoint ep = endpoint("127.0.9.21", text)) {
            URI url = URI.create("http://" + ep.address() + "/metrics");
            try (TargetConnection conn = scraper.connection(url, Duration.ofSeconds(5))) {
                for (int i = 0; i < 3; i++) {
                    ScrapeBody body = new ScrapeBody();
                    scraper.scrape(url, conn, Duration.ofSeconds(5), 0, body);
                    assertThat(new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8)).isEqualTo(text);
                    assertThat(body.contentType()).startsWith("text/plain");
                }
                assertThat(conn.connects()).isEqualTo(1);
            }
        }
    }

    @Test
    void non200StatusFailsTheScrapeWithPrometheusWording() throws Exception {
        try (MetricsEndpoint ep = endpoint("127.0.9.18", "x 1\n")) {
            ep.setStatus(503);
            assertThatThrownBy(() -> scraper.scrape(URI.create("http://" + ep.address() + "/metrics"),
                    Duration.ofSeconds(5), 0, new ScrapeBody()))
                    .isInstanceOf(ScrapeException.class)
                    .hasMessage("server returned HTTP status 503 Service Unavailable");
        }
    }

    @Test
    void bodyOverTheLimitFailsTheScrape() throws Exception {
        try (MetricsEndpoint ep = endpoint("127.0.9.19", "x 1\n".repeat(10_000))) {
            assertThatThrownBy(() -> scraper.scrape(URI.create("http://" + ep.address() + "/metrics"),
                    Duration.ofSeconds(5), 1024, new ScrapeBody()))
                    .isInstanceOf(ScrapeException.class).hasMessageContaining("body size limit exceeded");
        }
    }

    @Test
    void closedPortIsConnectionRefused() {
        assertThatThrownBy(() -> scraper.scrape(URI.create("http://127.0.9.20:1/metrics"), Duration.ofSeconds(2), 0,
                new ScrapeBody())).isInstanceOf(ScrapeException.class).hasMessageContaining("connection refused");
    }
}
