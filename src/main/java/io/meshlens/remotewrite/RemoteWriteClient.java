package io.meshlens.remotewrite;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * POSTs snappy-compressed WriteRequests to one endpoint with the remote-write 0.1.0 headers and
 * classifies the outcome: 2xx sent; 5xx, 429 and network errors retryable; other statuses
 * permanent (contrib retries 429 only behind an alpha gate; retrying it is what a rate-limited
 * backend asks for, so meshlens does).
 */
public final class RemoteWriteClient {
    /** The outcome of one attempt. */
    public enum Outcome { SENT, RETRYABLE, PERMANENT }

    /** @param status HTTP status, or 0 when no response arrived */
    public record Result(Outcome outcome, int status, String detail) {
    }

    private static final String USER_AGENT = "meshlens/" + version();

    private final HttpClient http;
    private final URI endpoint;
    private final Duration timeout;
    private final Map<String, String> headers;

    public RemoteWriteClient(URI endpoint, Duration timeout, Map<String, String> headers, SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder()
                .connectTimeout(timeout)
                // Cleartext: plain HTTP/1.1, no h2c upgrade attempt; TLS may negotiate h2 by ALPN.
                .version("https".equals(endpoint.getScheme()) ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1);
        if (ssl != null) {
            b.sslContext(ssl);
        }
        this.http = b.build();
        this.endpoint = endpoint;
        this.timeout = timeout;
        this.headers = Map.copyOf(headers);
    }

    public URI endpoint() {
        return endpoint;
    }

    public Result send(byte[] snappyBody) throws InterruptedException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Encoding", "snappy")
                .header("Content-Type", "application/x-protobuf")
                .header("X-Prometheus-Remote-Write-Version", "0.1.0")
                .header("User-Agent", USER_AGENT);
        // Configured headers win, as confighttp's header round-tripper sets them last.
        headers.forEach(rb::setHeader);
        HttpRequest req = rb.POST(HttpRequest.BodyPublishers.ofByteArray(snappyBody)).build();
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            int s = resp.statusCode();
            if (s >= 200 && s < 300) {
                return new Result(Outcome.SENT, s, "");
            }
            String body = new String(resp.body(), 0, Math.min(resp.body().length, 256), StandardCharsets.UTF_8).strip();
            Outcome o = s >= 500 || s == 429 ? Outcome.RETRYABLE : Outcome.PERMANENT;
            return new Result(o, s, "HTTP " + s + (body.isEmpty() ? "" : ": " + body));
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
