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
 */
public final class HttpScraper {
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
     * Fetches {@code url} into {@code body}.
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
            throw new ScrapeException("Get \"" + url + "\": context deadline exceeded");
        } catch (IOException e) {
            throw new ScrapeException("Get \"" + url + "\": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScrapeException("scrape interrupted");
        }
        try (InputStream raw = resp.body()) {
            if (resp.statusCode() != 200) {
                throw new ScrapeException("server returned HTTP status " + resp.statusCode() + " "
                        + reason(resp.statusCode()));
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
        } catch (HttpTimeoutException e) {
            throw new ScrapeException("Get \"" + url + "\": context deadline exceeded");
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
            if (limit > 0 && body.length() > limit) {
                throw new ScrapeException("body size limit exceeded (" + limit + " bytes)");
            }
        }
    }

    private static String timeoutSeconds(Duration d) {
        double s = d.toMillis() / 1000.0;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.net.ConnectException) {
            return "connect: connection refused";
        }
        return m == null || m.isEmpty() ? e.getClass().getSimpleName() : m;
    }

    private static String reason(int code) {
        return switch (code) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }
}
