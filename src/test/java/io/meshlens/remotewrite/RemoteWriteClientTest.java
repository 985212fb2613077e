package io.meshlens.remotewrite;

import io.meshlens.http1.RawHttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Remote-write pushes on the client's own connections, against a raw server that answers as scripted. */
class RemoteWriteClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private RawHttpServer server;
    private RemoteWriteClient client;

    @AfterEach
    void stop() throws IOException {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] noContent() {
        return bytes("HTTP/1.1 204 No Content\r\nX-Server: vm\r\n\r\n");
    }

    private RemoteWriteClient client(String ip, RawHttpServer.Answer answer, Map<String, String> headers, Duration timeout)
            throws IOException {
        server = new RawHttpServer(ip, answer, 1 << 20);
        client = new RemoteWriteClient(URI.create(server.url("/api/v1/write?extra_label=a%3Db")), timeout, headers, null);
        return client;
    }

    @Test
    void postsTheRemoteWriteHeadersAndBodyOnOneKeptAliveConnection() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Scope-OrgID", "team-a");
        headers.put("user-agent", "custom/1");
        headers.put("Content-Length", "1"); // framing is the client's own: not sent
        client("127.0.11.1", (n, r) -> noContent(), headers, TIMEOUT);
        byte[][] pushes = {bytes("first push"), new byte[70_000], bytes("third")};
        for (byte[] p : pushes) {
            assertThat(client.send(p)).isEqualTo(new RemoteWriteClient.Result(RemoteWriteClient.Outcome.SENT, 204, ""));
        }
        assertThat(server.accepted.get()).isEqualTo(1);
        String host = server.socket.getInetAddress().getHostAddress() + ":" + server.socket.getLocalPort();
        assertThat(server.requests.getFirst()).isEqualTo("POST /api/v1/write?extra_label=a%3Db HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "user-agent: custom/1\r\n"
                + "Content-Encoding: snappy\r\n"
                + "Content-Type: application/x-protobuf\r\n"
                + "X-Prometheus-Remote-Write-Version: 0.1.0\r\n"
                + "X-Scope-OrgID: team-a\r\n"
                + "Content-Length: 10\r\n\r\n");
        for (int i = 0; i < pushes.length; i++) {
            assertThat(server.bodies.get(i)).isEqualTo(pushes[i]);
        }
        assertThat(server.requests.get(1)).contains("\r\nContent-Length: 70000\r\n");
    }

    @Test
    void classifiesAnswersAsTheExporterRetriesThem() throws Exception {
        client("127.0.11.2", (n, r) -> switch (n) {
            case 1 -> bytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            case 2 -> bytes("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 12\r\n\r\n  disk full\n");
            case 3 -> bytes("HTTP/1.1 429 Too Many Requests\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nslow\r\n0\r\n\r\n");
            case 4 -> bytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 25\r\n\r\nout of order sample x{} 1");
            case 5 -> bytes("HTTP/1.1 308 Permanent Redirect\r\nLocation: /elsewhere\r\nContent-Length: 0\r\n\r\n");
            default -> noContent();
        }, Map.of(), TIMEOUT);
        assertThat(client.send(bytes("a")).outcome()).isEqualTo(RemoteWriteClient.Outcome.SENT);
        assertThat(client.send(bytes("b"))).isEqualTo(
                new RemoteWriteClient.Result(RemoteWriteClient.Outcome.RETRYABLE, 500, "HTTP 500: disk full"));
        assertThat(client.send(bytes("c"))).isEqualTo(
                new RemoteWriteClient.Result(RemoteWriteClient.Outcome.RETRYABLE, 429, "HTTP 429: slow"));
        assertThat(client.send(bytes("d"))).isEqualTo(new RemoteWriteClient.Result(
                RemoteWriteClient.Outcome.PERMANENT, 400, "HTTP 400: out of order sample x{} 1"));
        assertThat(client.send(bytes("e"))).isEqualTo(
                new RemoteWriteClient.Result(RemoteWriteClient.Outcome.PERMANENT, 308, "HTTP 308"));
        assertThat(server.requests).hasSize(5); // the redirect is not followed
        assertThat(server.accepted.get()).isEqualTo(1); // error answers with a framed body keep the connection
    }

    @Test
    void resendsOnAFreshConnectionWhenTheServerClosedTheIdleOne() throws Exception {
        client("127.0.11.3", (n, r) -> bytes("HTTP/1.1 204 No Content\r\n\r\n" + (n == 1 ? RawHttpServer.CLOSE : "")),
                Map.of(), TIMEOUT);
        assertThat(client.send(bytes("one")).outcome()).isEqualTo(RemoteWriteClient.Outcome.SENT);
        Thread.sleep(100); // let the close arrive
        assertThat(client.send(bytes("two")).outcome()).isEqualTo(RemoteWriteClient.Outcome.SENT);
        assertThat(server.accepted.get()).isEqualTo(2);
        assertThat(server.bodies).extracting(b -> new String(b, StandardCharsets.ISO_8859_1)).containsExactly("one", "two");
    }

    @Test
    void aConnectionClosedAnswerIsNotReused() throws Exception {
        client("127.0.11.4", (n, r) -> bytes("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"), Map.of(), TIMEOUT);
        client.send(bytes("one"));
        client.send(bytes("two"));
        assertThat(server.accepted.get()).isEqualTo(2);
    }

    @Test
    void aSilentBackendIsARetryableDeadline() throws Exception {
        client("127.0.11.5", (n, r) -> bytes("HTTP/1.1 204 No Content\r\n" + RawHttpServer.HANG), Map.of(),
                Duration.ofMillis(300));
        long t0 = System.nanoTime();
        RemoteWriteClient.Result r = client.send(bytes("x"));
        assertThat(r.outcome()).isEqualTo(RemoteWriteClient.Outcome.RETRYABLE);
        assertThat(r.detail()).isEqualTo("Post \"" + server.url("/api/v1/write?extra_label=a%3Db")
                + "\": context deadline exceeded");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3_000);
    }

    @Test
    void aMalformedAnswerOrARefusedConnectionIsRetryable() throws Exception {
        client("127.0.11.6", (n, r) -> bytes("HTP/1.1 204\r\n\r\n"), Map.of(), TIMEOUT);
        RemoteWriteClient.Result r = client.send(bytes("x"));
        assertThat(r.outcome()).isEqualTo(RemoteWriteClient.Outcome.RETRYABLE);
        assertThat(r.detail()).endsWith("malformed HTTP response \"HTP/1.1 204\"");

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (RemoteWriteClient refused = new RemoteWriteClient(URI.create("http://127.0.0.1:" + port + "/api/v1/write"),
                TIMEOUT, Map.of(), null)) {
            assertThat(refused.send(bytes("x"))).isEqualTo(new RemoteWriteClient.Result(RemoteWriteClient.Outcome.RETRYABLE,
                    0, "Post \"http://127.0.0.1:" + port + "/api/v1/write\": dial tcp: connect: connection refused"));
        }
    }

    @Test
    void anInterruptEndsASendBlockedOnASilentBackend() throws Exception {
        client("127.0.11.7", (n, r) -> bytes("HTTP/1.1 204 No Content\r\n" + RawHttpServer.HANG), Map.of(),
                Duration.ofSeconds(30));
        AtomicReference<Throwable> ended = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread sender = Thread.ofVirtual().start(() -> {
            try {
                client.send(bytes("x"));
            } catch (Throwable t) {
                ended.set(t);
            }
            done.countDown();
        });
        while (server.requests.isEmpty()) {
            Thread.sleep(10);
        }
        sender.interrupt();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
    }

    @Test
    void requestsInFlightTogetherUseConnectionsOfTheirOwnThenReuseThem() throws Exception {
        CountDownLatch both = new CountDownLatch(2);
        client("127.0.11.8", (n, r) -> {
            both.countDown();
            try {
                both.await(5, TimeUnit.SECONDS); // the first answer waits until the second request arrived
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return noContent();
        }, Map.of(), TIMEOUT);
        Thread a = Thread.ofVirtual().start(() -> send("a"));
        Thread b = Thread.ofVirtual().start(() -> send("b"));
        a.join();
        b.join();
        assertThat(server.accepted.get()).isEqualTo(2);
        send("c");
        send("d");
        assertThat(server.accepted.get()).isEqualTo(2);
        assertThat(server.requests).hasSize(4);
    }

    private void send(String body) {
        try {
            assertThat(client.send(bytes(body)).outcome()).isEqualTo(RemoteWriteClient.Outcome.SENT);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
