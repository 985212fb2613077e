package io.meshlens.remotewrite;

import io.meshlens.http1.Http1Connection;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLContext;

/**
 * POSTs snappy-compressed WriteRequests to one endpoint with the remote-write 0.1.0 headers and
 * classifies the outcome: 2xx sent; 5xx, 429 and network errors retryable; other statuses
 * permanent (contrib retries 429 only behind an alpha gate; retrying it is what a rate-limited
 * backend asks for, so meshlens does). Redirects are not followed (a 3xx is permanent), as Go's
 * client does not follow them for a POST whose body it cannot replay.
 *
 * <p>An {@code http} endpoint is written to on keep-alive {@link Http1Connection}s, one per request
 * in flight (at most {@code num_consumers}), kept idle between pushes: the JDK client's machinery
 * cost ~1.8 ms of CPU per push (docs/performance.md, "Remote write's own connections"). {@code https}
 * endpoints go through the JDK client (TLS, HTTP/2 by ALPN), as does everything when
 * {@code -Dmeshlens.remotewrite.jdkClient=true}.
 */
public final class RemoteWriteClient implements AutoCloseable {
    /** The outcome of one attempt. */
    public enum Outcome { SENT, RETRYABLE, PERMANENT }

    /** @param status HTTP status, or 0 when no response arrived */
    public record Result(Outcome outcome, int status, String detail) {
    }

    private static final String USER_AGENT = "meshlens/" + version();
    static final boolean JDK_CLIENT_ONLY = Boolean.getBoolean("meshlens.remotewrite.jdkClient");
    /** Headers the exporter writes itself; a configured one of these names is not sent twice. */
    private static final Set<String> FRAMING = Set.of("content-length", "transfer-encoding", "connection");
    /** Most of an error answer kept for the log; a longer body closes the connection instead of being read. */
    private static final int ERROR_BODY_LIMIT = 64 * 1024;

    private final URI endpoint;
    private final Duration timeout;
    private final Map<String, String> headers;
    /** The JDK client, for https (null for a plain endpoint). */
    private final HttpClient http;
    private final String host;
    private final int port;
    /** A plain endpoint's request head up to its Content-Length value. */
    private final byte[] headPrefix;
    private final ConcurrentLinkedDeque<Http1Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public RemoteWriteClient(URI endpoint, Duration timeout, Map<String, String> headers, SSLContext ssl) {
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.headers = Map.copyOf(headers);
        if (!JDK_CLIENT_ONLY && "http".equalsIgnoreCase(endpoint.getScheme()) && endpoint.getHost() != null) {
            this.http = null;
            this.host = endpoint.getHost();
            this.port = endpoint.getPort() < 0 ? 80 : endpoint.getPort();
            this.headPrefix = headPrefix(endpoint, this.headers);
            return;
        }
        this.host = null;
        this.port = 0;
        this.headPrefix = null;
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(timeout)
                // Cleartext: plain HTTP/1.1, no h2c upgrade attempt; TLS may negotiate h2 by ALPN.
                .version("https".equals(endpoint.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.http = b.build();
    }

    /**
     * The request line and headers of every push, but for the Content-Length value: the
     * remote-write 0.1.0 headers, then the configured ones, which win over a default of the same
     * name as confighttp's header round-tripper sets them last (a configured Host names the
     * virtual host, as Go's request Host does).
     */
    private static byte[] headPrefix(URI endpoint, Map<String, String> configured) {
        String path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
        if (endpoint.getRawQuery() != null) {
            path += "?" + endpoint.getRawQuery();
        }
        String authority = endpoint.getRawAuthority();
        int at = authority.lastIndexOf('@');
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("host", "Host: " + (at < 0 ? authority : authority.substring(at + 1)));
        fields.put("user-agent", "User-Agent: " + USER_AGENT);
        fields.put("content-encoding", "Content-Encoding: snappy");
        fields.put("content-type", "Content-Type: application/x-protobuf");
        fields.put("x-prometheus-remote-write-version", "X-Prometheus-Remote-Write-Version: 0.1.0");
        configured.forEach((k, v) -> {
            if (!validHeader(k, v)) {
                throw new IllegalArgumentException("invalid header \"" + k + "\": " + HEADER_RULE);
            }
            String key = k.toLowerCase(Locale.ROOT);
            if (!FRAMING.contains(key)) {
                fields.put(key, k + ": " + v);
            }
        });
        StringBuilder b = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\n");
        fields.values().forEach(f -> b.append(f).append("\r\n"));
        b.append("Content-Length: ");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What {@link #validHeader} checks, for error messages. */
    public static final String HEADER_RULE = "a name must be non-empty without ':', and neither name nor value may "
            + "hold a line break";

    /** Whether a configured header can be written into the request head as it is. */
    public static boolean validHeader(String name, String value) {
        return !name.isEmpty() && name.indexOf(':') < 0 && (name + value).indexOf('\r') < 0
                && (name + value).indexOf('\n') < 0;
    }

    public URI endpoint() {
        return endpoint;
    }

    public Result send(byte[] snappyBody) throws InterruptedException {
        return send(snappyBody, snappyBody.length);
    }

    /** Sends {@code body[0, length)}. */
    public Result send(byte[] body, int length) throws InterruptedException {
        return http == null ? sendPlain(body, length) : sendJdk(body, length);
    }

    private Result sendPlain(byte[] body, int bodyLength) throws InterruptedException {
        Http1Connection c = idle.pollFirst();
        if (c == null) {
            c = new Http1Connection(host, port);
        }
        byte[] length = (bodyLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] head = Arrays.copyOf(headPrefix, headPrefix.length + length.length);
        System.arraycopy(length, 0, head, headPrefix.length, length.length);
        ErrorBody answer = new ErrorBody();
        try {
            c.exchange(head, body, bodyLength, System.nanoTime() + timeout.toNanos());
            int s = c.status();
            try {
                c.readBody(answer, ERROR_BODY_LIMIT);
            } catch (Http1Connection.TooLarge e) {
                c.close(); // the rest of a long answer is not worth reading; the status is known
            }
            if (c.reusable() && !closed) {
                idle.offerFirst(c);
                if (closed) {
                    closeIdle(); // raced with close()
                }
            } else {
                c.close();
            }
            if (s >= 200 && s < 300) {
                return new Result(Outcome.SENT, s, "");
            }
            return statusResult(s, answer.bytes, answer.length);
        } catch (SocketTimeoutException e) {
            c.close();
            return new Result(Outcome.RETRYABLE, 0, "Post \"" + endpoint + "\": context deadline exceeded");
        } catch (IOException e) {
            c.close();
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while sending to " + endpoint);
            }
            return new Result(Outcome.RETRYABLE, 0, "Post \"" + endpoint + "\": " + describe(e));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "dial tcp: connect: connection refused";
        }
        String m = e.getMessage();
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    private static Result statusResult(int s, byte[] body, int length) {
        String text = new String(body, 0, Math.min(length, 256), StandardCharsets.UTF_8).strip();
        Outcome o = s >= 500 || s == 429 ? Outcome.RETRYABLE : Outcome.PERMANENT;
        return new Result(o, s, "HTTP " + s + (text.isEmpty() ? "" : ": " + text));
    }

    /** An error answer's body (a 2xx one is normally empty). */
    private static final class ErrorBody implements Http1Connection.Sink {
        private byte[] bytes = new byte[0];
        private int length;

        @Override
        public byte[] ensure(int n) {
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
            }
            return bytes;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public void advance(int n) {
            length += n;
        }
    }

    /** Closes the idle connections; requests in flight close theirs when done. */
    @Override
    public void close() {
        closed = true;
        closeIdle();
    }

    private void closeIdle() {
        Http1Connection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }

    private Result sendJdk(byte[] snappyBody, int length) throws InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .header("User-Agent", USER_AGENT);
        // Configured headers win, as confighttp's header round-tripper sets them last.
        headers.forEach(rb::setHeader);
        HttpRequest req = rb.POST(HttpRequest.BodyPublishers.ofByteArray(snappyBody, 0, length)).build();
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            int s = resp.statusCode();
            if (s >= 200 && s < 300) {
                return new Result(Outcome.SENT, s, "");
            }
            return statusResult(s, resp.body(), resp.body().length);
        } catch (IOException e) {
            return new Result(Outcome.RETRYABLE, 0, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static String version() {
        String v = RemoteWriteClient.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
