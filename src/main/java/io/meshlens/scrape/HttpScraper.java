package io.meshlens.scrape;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Fetches one target's metrics page over HTTP the way Prometheus 2.42 does: its Accept header
 * (OpenMetrics preferred, text 0.0.4 accepted), gzip accepted, the scrape timeout announced in
 * {@code X-Prometheus-Scrape-Timeout-Seconds}, any non-200 status is an error, and the
 * uncompressed body is capped by {@code body_size_limit}.
 *
 * <p>Plain-http targets are fetched on a {@link TargetConnection} of their own (see there why);
 * TLS targets, redirects and callers without a connection use the JDK client, which brings TLS,
 * HTTP/2 and redirect policy. {@code -Dmeshlens.scrape.jdkClient=true} sends every scrape through
 * the JDK client (to compare, or should a target's server trip up the plain connection).
 */
public final class HttpScraper {
    static final boolean JDK_CLIENT_ONLY = Boolean.getBoolean("meshlens.scrape.jdkClient");
    /** Prometheus 2.42's scrape Accept header. */
    public static final String ACCEPT = "application/openmetrics-text;version=1.0.0,"
            + "application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private final HttpClientShards clients;
    private final String userAgent;
    private final Map<String, String> headers;

    /**
     * @param client shared client (connection reuse across scrapes of the same target)
     * @param headers extra request headers (Authorization for basic/bearer auth)
     */
    public HttpScraper(HttpClient client, String userAgent, Map<String, String> headers) {
        this(HttpClientShards.of(client), userAgent, headers);
    }

    /** @param clients the job's clients; a target always uses the same one (connection reuse) */
    public HttpScraper(HttpClientShards clients, String userAgent, Map<String, String> headers) {
        this.clients = clients;
        this.userAgent = userAgent;
        this.headers = Map.copyOf(headers);
    }

    /**
     * The connection a target's scrape loop keeps for {@link #scrape(URI, TargetConnection, Duration, long, ScrapeBody)},
     * or null when its scrapes go through the JDK client (https).
     */
    TargetConnection connection(URI url, Duration timeout) {
        if (JDK_CLIENT_ONLY || !"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            return null;
        }
        StringBuilder req = new StringBuilder(512).append("GET ");
        String path = url.getRawPath();
        req.append(path == null || path.isEmpty() ? "/" : path);
        if (url.getRawQuery() != null) {
            req.append('?').append(url.getRawQuery());
        }
        String authority = url.getRawAuthority();
        int at = authority.lastIndexOf('@');
        req.append(" HTTP/1.1\r\nHost: ").append(at < 0 ? authority : authority.substring(at + 1))
                .append("\r\nUser-Agent: ").append(userAgent)
                .append("\r\nAccept: ").append(ACCEPT)
                .append("\r\nAccept-Encoding: gzip")
                .append("\r\nX-Prometheus-Scrape-Timeout-Seconds: ").append(timeoutSeconds(timeout));
        headers.forEach((k, v) -> req.append("\r\n").append(k).append(": ").append(v));
        req.append("\r\n\r\n");
        return new TargetConnection(url, req.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /**
     * Fetches {@code url} into {@code body} on the target's own connection ({@code connection} null:
     * through the JDK client). A redirect is followed (or not) by the JDK client, with the time left.
     */
    void scrape(URI url, TargetConnection connection, Duration timeout, long bodySizeLimit, ScrapeBody body)
            throws ScrapeException {
        if (connection == null) {
            scrape(url, timeout, bodySizeLimit, body);
            return;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        int status = connection.fetch(deadline, bodySizeLimit, body);
        if (status == 200) {
            return;
        }
        if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw deadlineExceeded(url);
            }
            scrape(url, Duration.ofNanos(left), bodySizeLimit, body);
            return;
        }
        throw statusError(status);
    }

    /**
     * Fetches {@code url} into {@code body} through the JDK client.
     *
     * @param bodySizeLimit maximum uncompressed bytes, 0 for none
     * @throws ScrapeException with a message fit for the target's status page
     */
    public void scrape(URI url, Duration timeout, long bodySizeLimit, ScrapeBody body) throws ScrapeException {
        HttpRequest.Builder rb = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", userAgent)
                .header("X-Prometheus-Scrape-Timeout-Seconds", timeoutSeconds(timeout))
                .GET();
        headers.forEach(rb::header);
        HttpResponse<InputStream> resp;
        try {
            resp = clients.forTarget(url).send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw deadlineExceeded(url);
        } catch (IOException e) {
            throw new ScrapeException("Get \"" + url + "\": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScrapeException("scrape interrupted");
        }
        try (InputStream raw = resp.body()) {
            if (resp.statusCode() != 200) {
                throw statusError(resp.statusCode());
            }
            String encoding = resp.headers().firstValue("Content-Encoding").orElse("").toLowerCase(Locale.ROOT);
            body.reset(resp.headers().firstValue("Content-Type").orElse(""));
            if (encoding.equals("gzip")) {
                // Closed here, not left to a Cleaner: the inflater's native zlib state (~40 KB) is
                // freed only when the stream is, and a GC may not come for a while.
                try (InputStream in = new GZIPInputStream(raw, 8192)) {
                    readAll(in, bodySizeLimit, body);
                }
            } else {
                readAll(raw, bodySizeLimit, body);
            }
        } catch (ScrapeBody.StreamFailed e) {
            throw e.scrapeException();
        } catch (HttpTimeoutException e) {
            throw deadlineExceeded(url);
        } catch (IOException e) {
            throw new ScrapeException("reading body of \"" + url + "\": " + describe(e));
        }
    }

    private static void readAll(InputStream in, long limit, ScrapeBody body) throws IOException, ScrapeException {
        while (true) {
            byte[] buf = body.ensure(ScrapeBody.READ_CHUNK);
            int room = buf.length - body.length();
            int n = in.read(buf, body.length(), room);
            if (n < 0) {
                return;
            }
            body.advance(n);
            if (limit > 0 && body.received() > limit) {
                throw bodyTooLarge(limit);
            }
        }
    }

    private static String timeoutSeconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    static ScrapeException deadlineExceeded(URI url) {
        return new ScrapeException("Get \"" + url + "\": context deadline exceeded");
    }

    static ScrapeException bodyTooLarge(long limit) {
        return new ScrapeException("body size limit exceeded (" + limit + " bytes)");
    }

    static ScrapeException statusError(int code) {
        return new ScrapeException("server returned HTTP status " + code + " " + reason(code));
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "connect: connection refused";
        }
        if (e instanceof java.net.UnknownHostException) {
            return "dial tcp: lookup " + m + ": no such host";
        }
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    /** Go's http.StatusText for the statuses a scrape meets. */
    private static String reason(int code) {
        return switch (code) {
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 303 -> "See Other";
            case 304 -> "Not Modified";
            case 307 -> "Temporary Redirect";
            case 308 -> "Permanent Redirect";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            case 504 -> "Gateway Timeout";
            default -> "";
        };
    }
}
