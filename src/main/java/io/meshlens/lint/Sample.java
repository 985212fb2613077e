package io.meshlens.lint;

import io.meshlens.scrape.HttpScraper;
import io.meshlens.scrape.ScrapeBody;
import io.meshlens.scrape.ScrapeException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * One scraped page for {@code explain}: a file, a live URL (fetched once, as the scrape would) or
 * the built-in Linkerd proxy page.
 *
 * @param body        the page
 * @param description how the report names it
 * @param url         the URL it came from, or null (then the target's address is made up)
 */
public record Sample(ScrapeBody body, String description, URI url) {
    static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    private static final String BUILT_IN = "linkerd-proxy-sample.txt";

    /** The built-in page: one Linkerd proxy's /metrics (163 families). */
    public static Sample builtIn() {
        try (InputStream in = Sample.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("built-in sample " + BUILT_IN + " missing from the build");
            }
            return new Sample(ScrapeBody.of(in.readAllBytes(), TEXT), "built-in Linkerd proxy sample", null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A page with no series, same format: its scrape yields only the synthetic series. */
    static Sample emptyLike(Sample s) {
        byte[] empty = s.body().contentType().startsWith("application/openmetrics-text")
                ? "# EOF\n".getBytes(StandardCharsets.UTF_8) : new byte[0];
        return new Sample(ScrapeBody.of(empty, s.body().contentType()), s.description(), s.url());
    }

    /** {@code FILE} or {@code http(s)://URL}; null or empty for the built-in page. */
    public static Sample of(String spec) throws IOException, ScrapeException {
        if (spec == null || spec.isEmpty()) {
            return builtIn();
        }
        if (spec.startsWith("http://") || spec.startsWith("https://")) {
            URI url = URI.create(spec);
            ScrapeBody body = ScrapeBody.of(new byte[0], "");
            new HttpScraper(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), "meshlens-explain",
                    Map.of()).scrape(url, Duration.ofSeconds(10), 0, body);
            return new Sample(body, spec, url);
        }
        byte[] bytes = Files.readAllBytes(Path.of(spec));
        // An OpenMetrics page ends with "# EOF"; the text format must not.
        String tail = new String(bytes, Math.max(0, bytes.length - 16), Math.min(16, bytes.length),
                StandardCharsets.UTF_8).strip();
        return new Sample(ScrapeBody.of(bytes, tail.endsWith("# EOF") ? OPENMETRICS : TEXT), spec, null);
    }
}
