package io.meshlens.scrape;

import io.meshlens.http1.Http1Connection;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;

/**
 * One target's HTTP/1.1 connection for plain-http scrapes: an {@link Http1Connection} used only by
 * the target's scrape loop (a virtual thread), kept alive from one scrape to the next as Go's
 * transport keeps a target's idle connection. It sends the target's GET (built once) and reads the
 * answer straight into the pooled body buffer; gzip is decoded from memory in one pass
 * ({@link Gunzip}). Anything but a 200 ends the connection; the caller decides what a status means
 * (redirects go to the JDK client, which follows them as {@code follow_redirects} says). TLS targets
 * never get here. Failures are worded as Prometheus words them ({@code Get "<url>": ...}).
 */
final class TargetConnection implements AutoCloseable {
    private final URI url;
    private final byte[] request;
    private final Http1Connection http;

    /** @param request the whole GET, head and blank line, as sent on every scrape */
    TargetConnection(URI url, byte[] request) {
        this.url = url;
        this.request = request;
        this.http = new Http1Connection(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
    }

    /**
     * Sends the GET and reads the answer. On 200 the (decompressed) body is in {@code body} (what
     * its streamer has not taken already) and the connection stays open for the next scrape unless
     * the server said otherwise.
     *
     * @param deadlineNanos {@link System#nanoTime} by which the whole exchange must be done
     * @param bodySizeLimit uncompressed bytes allowed, 0 for no limit
     * @return the response status; any but 200 leaves {@code body} empty and the connection closed
     * @throws ScrapeException with the wording Prometheus uses for the same failure
     */
    int fetch(long deadlineNanos, long bodySizeLimit, ScrapeBody body) throws ScrapeException {
        try {
            http.exchange(request, null, 0, deadlineNanos);
            int status = http.status();
            if (status != 200) {
                close();
                return status;
            }
            body.reset(http.contentType());
            if (http.gzip()) {
                long n = http.contentLength();
                ScrapeBody compressed = ScrapeBody.borrow(n > 0 && n < Integer.MAX_VALUE ? (int) n : body.capacity() / 4);
                try {
                    http.readBody(compressed, 0);
                    Gunzip.inflate(compressed.bytes(), 0, compressed.length(), bodySizeLimit, body);
                } finally {
                    ScrapeBody.giveBack(compressed);
                }
            } else {
                if (bodySizeLimit > 0 && http.contentLength() > bodySizeLimit) {
                    throw HttpScraper.bodyTooLarge(bodySizeLimit);
                }
                http.readBody(body, bodySizeLimit);
            }
            if (!http.reusable()) {
                close();
            }
            return 200;
        } catch (SocketTimeoutException e) {
            close();
            throw HttpScraper.deadlineExceeded(url);
        } catch (ScrapeException e) {
            close();
            throw e;
        } catch (ScrapeBody.StreamFailed e) {
            close(); // mid-body
            throw e.scrapeException();
        } catch (Http1Connection.TooLarge e) {
            close();
            throw HttpScraper.bodyTooLarge(bodySizeLimit);
        } catch (IOException e) {
            close();
            throw new ScrapeException("Get \"" + url + "\": " + HttpScraper.describe(e));
        }
    }

    /** Connections opened so far (for tests: keep-alive means one for many scrapes). */
    int connects() {
        return http.connects();
    }

    boolean isOpen() {
        return http.isOpen();
    }

    @Override
    public void close() {
        http.close();
    }
}
