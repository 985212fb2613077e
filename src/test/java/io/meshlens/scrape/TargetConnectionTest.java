package io.meshlens.scrape;

import io.meshlens.http1.RawHttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plain-http scrape connection against a raw TCP server that answers exactly as scripted. */
class TargetConnectionTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpScraper scraper = new HttpScraper(
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build(), "meshlens-test",
            Map.of("Authorization", "Bearer t0k3n"));
    private RawHttpServer server;
    private TargetConnection conn;

    @AfterEach
    void stop() throws IOException {
        if (conn != null) {
            conn.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] ok(String body) {
        return bytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body);
    }

    private String scrape(String ip, RawHttpServer.Answer answer, int piece) throws Exception {
        server = new RawHttpServer(ip, answer, piece);
        URI url = URI.create(server.url("/metrics"));
        conn = scraper.connection(url, TIMEOUT);
        return again(url);
    }

    private String again(URI url) throws ScrapeException {
        ScrapeBody body = ScrapeBody.borrow(0);
        scraper.scrape(url, conn, TIMEOUT, 0, body);
        return new String(body.bytes(), 0, body.length(), StandardCharsets.UTF_8);
    }

    private URI url() {
        return URI.create(server.url("/metrics"));
    }

    @Test
    void sendsPrometheusRequestHeadersAndTheQuery() throws Exception {
        server = new RawHttpServer("127.0.10.1", (n, r) -> ok("up 1\n"), 1 << 20);
        URI url = URI.create(server.url("/metrics?module=a%20b"));
        conn = scraper.connection(url, Duration.ofMillis(2500));
        ScrapeBody body = ScrapeBody.borrow(0);
        scraper.scrape(url, conn, TIMEOUT, 0, body);
        assertThat(server.requests.getFirst()).isEqualTo("GET /metrics?module=a%20b HTTP/1.1\r\n"
                + "Host: " + url.getRawAuthority() + "\r\n"
                + "User-Agent: meshlens-test\r\n"
                + "Accept: " + HttpScraper.ACCEPT + "\r\n"
                + "Accept-Encoding: gzip\r\n"
                + "X-Prometheus-Scrape-Timeout-Seconds: 2.5\r\n"
                + "Authorization: Bearer t0k3n\r\n\r\n");
        assertThat(body.contentType()).isEqualTo("text/plain; version=0.0.4");
    }

    @Test
    void keepsOneConnectionForManyScrapes() throws Exception {
        assertThat(scrape("127.0.10.2", (n, r) -> ok("up " + n + "\n"), 1 << 20)).isEqualTo("up 1\n");
        assertThat(again(url())).isEqualTo("up 2\n");
        assertThat(again(url())).isEqualTo("up 3\n");
        assertThat(conn.connects()).isEqualTo(1);
        assertThat(server.accepted.get()).isEqualTo(1);
        assertThat(conn.isOpen()).isTrue();
    }

    @Test
    void readsAHeadAndBodyThatArriveAByteAtATime() throws Exception {
        assertThat(scrape("127.0.10.3", (n, r) -> ok("a 1\nb 2\n"), 1)).isEqualTo("a 1\nb 2\n");
        assertThat(again(url())).isEqualTo("a 1\nb 2\n");
    }

    @Test
    void readsChunkedBodiesWithExtensionsAndTrailers() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 999\r\n\r\n"
                + "4\r\nup 1\r\n1;name=value\r\n\n\r\n" + "a \r\nb 22222222\r\n" + "0\r\nX-Trailer: t\r\n\r\n";
        assertThat(scrape("127.0.10.4", (n, r) -> bytes(chunked), 3)).isEqualTo("up 1\nb 22222222");
        assertThat(again(url())).isEqualTo("up 1\nb 22222222");
        assertThat(conn.connects()).isEqualTo(1);
    }

    @Test
    void aBodyWithoutLengthIsReadToTheCloseAndTheNextScrapeConnectsAgain() throws Exception {
        String page = "x 1\n".repeat(10_000);
        assertThat(scrape("127.0.10.5", (n, r) -> bytes("HTTP/1.1 200 OK\r\n\r\n" + page + RawHttpServer.CLOSE), 1000))
                .isEqualTo(page);
        assertThat(conn.isOpen()).isFalse();
        assertThat(again(url())).isEqualTo(page);
        assertThat(conn.connects()).isEqualTo(2);
    }

    @Test
    void connectionCloseAndHttp10EndTheConnection() throws Exception {
        assertThat(scrape("127.0.10.6", (n, r) -> n == 1
                ? bytes("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 4\r\n\r\nup 1")
                : bytes("HTTP/1.0 200 OK\r\nContent-Length: 4\r\n\r\nup 2"), 1 << 20)).isEqualTo("up 1");
        assertThat(conn.isOpen()).isFalse();
        assertThat(again(url())).isEqualTo("up 2");
        assertThat(conn.isOpen()).isFalse();
    }

    @Test
    void reopensAConnectionTheServerClosedWhileIdleAndSendsTheGetAgain() throws Exception {
        // The server drops each connection after answering, without saying so (an idle timeout).
        assertThat(scrape("127.0.10.7", (n, r) -> bytes(new String(ok("up " + n + "\n"), StandardCharsets.ISO_8859_1)
                + RawHttpServer.CLOSE), 1 << 20)).isEqualTo("up 1\n");
        Thread.sleep(100); // the close reaches the client's socket
        assertThat(again(url())).isEqualTo("up 2\n");
        assertThat(conn.connects()).isEqualTo(2);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void skipsInterimResponses() throws Exception {
        assertThat(scrape("127.0.10.8", (n, r) -> bytes("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\n"
                + "Link: </x>\r\n\r\n" + new String(ok("up 1\n"), StandardCharsets.ISO_8859_1)), 7))
                .isEqualTo("up 1\n");
    }

    @Test
    void decompressesGzipAndAppliesTheLimitToTheDecompressedBody() throws Exception {
        String page = "request_total{direction=\"inbound\"} 1\n".repeat(5_000);
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(page.getBytes(StandardCharsets.UTF_8));
        }
        byte[] head = bytes("HTTP/1.1 200 OK\r\nContent-Encoding: GZIP\r\nContent-Length: " + gz.size() + "\r\n\r\n");
        RawHttpServer.Answer answer = (n, r) -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(head);
            b.writeBytes(gz.toByteArray());
            return b.toByteArray();
        };
        assertThat(scrape("127.0.10.9", answer, 4096)).isEqualTo(page);
        assertThatThrownBy(() -> scraper.scrape(url(), conn, TIMEOUT, page.length() - 1, ScrapeBody.borrow(0)))
                .isInstanceOf(ScrapeException.class).hasMessage("body size limit exceeded (" + (page.length() - 1)
                        + " bytes)");
        assertThat(conn.isOpen()).isFalse();
        assertThat(again(url())).isEqualTo(page);
    }

    @Test
    void aSilentServerIsAContextDeadlineExceeded() throws Exception {
        server = new RawHttpServer("127.0.10.10", (n, r) -> bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nup" + RawHttpServer.HANG),
                1 << 20);
        URI url = url();
        conn = scraper.connection(url, TIMEOUT);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> scraper.scrape(url, conn, Duration.ofMillis(300), 0, ScrapeBody.borrow(0)))
                .isInstanceOf(ScrapeException.class)
                .hasMessage("Get \"" + url + "\": context deadline exceeded");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(conn.isOpen()).isFalse();
    }

    @Test
    void brokenAnswersFailTheScrapeSayingWhatWasWrong() throws Exception {
        server = new RawHttpServer("127.0.10.11", (n, r) -> switch (n) {
            case 1 -> bytes("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nup 1\n" + RawHttpServer.CLOSE);
            case 2 -> bytes("SSH-2.0-OpenSSH\r\n\r\n");
            case 3 -> bytes("HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n");
            case 4 -> bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
            default -> bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n");
        }, 1 << 20);
        URI url = url();
        conn = scraper.connection(url, TIMEOUT);
        String get = "Get \"" + url + "\": ";
        assertThatThrownBy(() -> again(url)).hasMessage(get + "unexpected EOF");
        assertThatThrownBy(() -> again(url)).hasMessage(get
                + "net/http: HTTP/1.x transport connection broken: malformed HTTP response \"SSH-2.0-OpenSSH\"");
        assertThatThrownBy(() -> again(url)).hasMessage(get + "net/http: bad Content-Length \"12x\"");
        assertThatThrownBy(() -> again(url)).hasMessage(get + "malformed chunked encoding");
        assertThatThrownBy(() -> again(url)).hasMessage(get + "net/http: unsupported transfer encoding: \"gzip\"");
        assertThat(conn.isOpen()).isFalse();
    }

    @Test
    void aStatusOtherThan200FailsAndClosesTheConnection() throws Exception {
        server = new RawHttpServer("127.0.10.12", (n, r) -> bytes("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n"),
                1 << 20);
        URI url = url();
        conn = scraper.connection(url, TIMEOUT);
        assertThatThrownBy(() -> again(url)).hasMessage("server returned HTTP status 503 Service Unavailable");
        assertThat(conn.isOpen()).isFalse();
    }

    @Test
    void aRedirectIsFollowedByTheJdkClient() throws Exception {
        server = new RawHttpServer("127.0.10.13", (n, r) -> r.startsWith("GET /real ") ? ok("up 1\n")
                : bytes("HTTP/1.1 302 Found\r\nLocation: /real\r\nContent-Length: 0\r\n\r\n"), 1 << 20);
        URI url = url();
        conn = scraper.connection(url, TIMEOUT);
        assertThat(again(url)).isEqualTo("up 1\n");
        assertThat(server.requests).hasSize(3); // ours, the JDK client's, and its redirected GET
        assertThat(server.requests.get(2)).startsWith("GET /real HTTP/1.1");
    }

    @Test
    void aRefusedConnectionSaysSo() throws Exception {
        URI url = URI.create("http://127.0.10.14:1/metrics");
        conn = scraper.connection(url, TIMEOUT);
        assertThatThrownBy(() -> scraper.scrape(url, conn, TIMEOUT, 0, ScrapeBody.borrow(0)))
                .hasMessage("Get \"" + url + "\": connect: connection refused");
    }

    @Test
    void httpsTargetsHaveNoPlainConnection() {
        assertThat(scraper.connection(URI.create("https://127.0.10.15:4191/metrics"), TIMEOUT)).isNull();
    }

    /** A page of ~2 MB, far more than a pooled buffer. */
    private static String bigPage() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            sb.append("response_total{direction=\"outbound\",dst_pod=\"pod-").append(i).append("\"} ").append(i).append('\n');
        }
        return sb.toString();
    }

    private static byte[] gzip(String s) throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(s.getBytes(StandardCharsets.UTF_8));
        }
        return gz.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    @Test
    void aBodyLargerThanItsBufferIsHandedOnInWholeLinesAsItArrivesWithoutGrowingTheBuffer() throws Exception {
        String page = bigPage();
        byte[] plain = page.getBytes(StandardCharsets.UTF_8);
        byte[] gz = gzip(page);
        StringBuilder chunked = new StringBuilder("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (int i = 0; i < page.length(); i += 50_000) {
            String c = page.substring(i, Math.min(page.length(), i + 50_000));
            chunked.append(Integer.toHexString(c.length())).append("\r\n").append(c).append("\r\n");
        }
        chunked.append("0\r\n\r\n");
        byte[][] answers = {
            ok(page), // a stated length of 2 MB: still read through the buffer it was lent
            bytes(chunked.toString()),
            concat(bytes("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n\r\n"), gz),
        };
        for (int a = 0; a < answers.length; a++) {
            byte[] answer = answers[a];
            server = new RawHttpServer("127.0.10.16", (n, r) -> answer, 1 << 16);
            URI url = url();
            conn = scraper.connection(url, TIMEOUT);
            ScrapeBody body = ScrapeBody.borrow(0);
            int capacity = body.capacity();
            ByteArrayOutputStream handedOn = new ByteArrayOutputStream();
            int[] windows = {0};
            body.streamTo((b, end) -> {
                assertThat(b.bytes()[end - 1]).isEqualTo((byte) '\n');
                handedOn.write(b.bytes(), 0, end);
                windows[0]++;
            });
            scraper.scrape(url, conn, TIMEOUT, 0, body);
            handedOn.write(body.bytes(), 0, body.length());
            assertThat(handedOn.toByteArray()).as("answer %d", a).isEqualTo(plain);
            assertThat(body.received()).isEqualTo(plain.length);
            assertThat(body.capacity()).as("answer %d", a).isEqualTo(capacity);
            assertThat(windows[0]).isGreaterThan(plain.length / capacity - 1);
            conn.close();
            server.close();
        }
    }

    @Test
    void theBodySizeLimitCountsWhatWasAlreadyHandedOn() throws Exception {
        String page = bigPage();
        byte[] gz = gzip(page);
        byte[][] answers = {
            bytes("HTTP/1.1 200 OK\r\n\r\n" + page), // no length: read to EOF
            concat(bytes("HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + gz.length + "\r\n\r\n"), gz),
        };
        for (byte[] answer : answers) {
            server = new RawHttpServer("127.0.10.17", (n, r) -> answer, 1 << 16);
            URI url = url();
            conn = scraper.connection(url, TIMEOUT);
            ScrapeBody body = ScrapeBody.borrow(0);
            body.streamTo((b, end) -> { });
            assertThatThrownBy(() -> scraper.scrape(url, conn, TIMEOUT, 1_000_000, body))
                    .hasMessageContaining("body size limit").hasMessageContaining("1000000");
            conn.close();
            server.close();
        }
    }
}
