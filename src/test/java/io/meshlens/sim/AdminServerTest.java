package io.meshlens.sim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminServerTest {
    private final ServeStats stats = new ServeStats();
    private final AdminServer server = new AdminServer(stats);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    @Test
    void servesAFreshPageGzippedOnRequestAndCountsItsSampleLinesByName() throws Exception {
        AtomicInteger n = new AtomicInteger();
        server.bind("127.1.250.1", 4191, () -> ("# HELP a A.\n# TYPE a counter\na_total{x=\"1\"} " + n.incrementAndGet()
                + "\na_total{x=\"2\"} 1\nb 2\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create("http://127.1.250.1:4191/metrics"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String body = new String(new GZIPInputStream(r.body()).readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(body).contains("a_total{x=\"1\"} 1\n");
        String plain = http.send(HttpRequest.newBuilder(URI.create("http://127.1.250.1:4191/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(plain).contains("a_total{x=\"1\"} 2\n");
        ServeStats.Snapshot s = stats.snapshot();
        assertThat(s.scrapes()).isEqualTo(2);
        assertThat(s.lines()).isEqualTo(6);
        assertThat(s.linesByName()).containsEntry("a_total", 4L).containsEntry("b", 2L);
    }

    @Test
    void aPageTheScraperGaveUpOnIsNotCountedAsServed() throws Exception {
        byte[] big = "x 1\n".repeat(8 << 20).getBytes(StandardCharsets.US_ASCII); // 32 MB: more than socket buffers hold
        server.bind("127.1.250.4", 4191, () -> big);
        try (Socket s = new Socket("127.1.250.4", 4191)) {
            s.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(s.getInputStream().readNBytes(1024)).hasSize(1024);
            s.setSoLinger(true, 0); // a reset, as a scraper's timeout leaves the server
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (stats.abortedCount() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(stats.abortedCount()).isEqualTo(1);
        assertThat(stats.snapshot().scrapes()).isZero();
        assertThat(stats.snapshot().lines()).isZero();
    }

    @Test
    void keepsTheConnectionOpenBetweenScrapes() throws Exception {
        server.bind("127.1.250.2", 4191, () -> "up 1\n".getBytes(StandardCharsets.US_ASCII));
        try (Socket s = new Socket("127.1.250.2", 4191)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String resp = readResponse(in);
                assertThat(resp).startsWith("HTTP/1.1 200 OK").endsWith("\r\n\r\nup 1\n");
            }
        }
        // The server counts a page once its write returned, which may be just after the client read it.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (stats.snapshot().scrapes() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(stats.snapshot().scrapes()).isEqualTo(3);
    }

    @Test
    void otherPathsAre404AndAnUnboundAddressRefusesConnections() throws Exception {
        server.bind("127.1.250.3", 4191, () -> "up 1\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://127.1.250.3:4191/other")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        server.unbind("127.1.250.3", 4191);
        // The listening socket is released once its parked acceptor wakes up from the close.
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.1.250.3", 4191)) {
                Thread.sleep(20);
            } catch (ConnectException refused) {
                return;
            }
        }
        assertThatThrownBy(() -> new Socket("127.1.250.3", 4191).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void pausedProxiesAnswer503AndCountNothingUntilResumed() throws Exception {
        server.bind("127.1.250.4", 4191, () -> "up 1\n".getBytes(StandardCharsets.US_ASCII));
        URI uri = URI.create("http://127.1.250.4:4191/metrics");
        server.setPaused(true);
        assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(503);
        assertThat(stats.snapshot().scrapes()).isZero();
        server.setPaused(false);
        assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body())
                .isEqualTo("up 1\n");
        assertThat(stats.snapshot().lines()).isEqualTo(1);
    }

    /** Reads one response with a Content-Length body. */
    private static String readResponse(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.read());
        }
        int len = Integer.parseInt(head.toString().lines().filter(l -> l.startsWith("Content-Length:"))
                .findFirst().orElseThrow().substring("Content-Length:".length()).trim());
        return head + new String(in.readNBytes(len), StandardCharsets.US_ASCII);
    }
}
