package io.meshlens.scrape;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * One scrape's HTTP part, from request to decompressed body, on loopback: the JDK client (as
 * scrapes went until 2026-12-06) against the target's own {@link TargetConnection}. The page is
 * the Linkerd fixture ({@code textparse/linkerd-proxy.txt}) gzip-compressed once; the server is a
 * bare keep-alive loop on a virtual thread in the same JVM that answers every GET with those bytes,
 * so its (small, identical) cost is in both figures and the difference is the client's.
 * In package {@code scrape} for the package-private connection and body pool; run with
 * {@code scripts/bench ScrapeFetchBench -f 1 -wi 3 -i 5 -w 2s -r 3s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ScrapeFetchBench {
    @Param({"jdk", "connection"})
    public String client;

    private ServerSocket server;
    private HttpScraper scraper;
    private TargetConnection connection;
    private URI url;
    private int bodyLength;

    @Setup
    public void setUp() throws IOException {
        byte[] page;
        try (InputStream in = ScrapeFetchBench.class.getResourceAsStream("/textparse/linkerd-proxy.txt")) {
            page = in.readAllBytes();
        }
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(page);
        }
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        answer.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Encoding: gzip\r\n"
                + "Content-Length: " + gz.size() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        answer.writeBytes(gz.toByteArray());
        byte[] response = answer.toByteArray();
        server = new ServerSocket(0, 50, InetAddress.getByName("127.0.11.1"));
        Thread.ofVirtual().start(() -> accept(response));
        url = URI.create("http://127.0.11.1:" + server.getLocalPort() + "/metrics");
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        scraper = new HttpScraper(jdk, "meshlens-bench", Map.of());
        connection = client.equals("connection") ? scraper.connection(url, Duration.ofSeconds(10)) : null;
        bodyLength = page.length;
    }

    private void accept(byte[] response) {
        try {
            while (true) {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s, response));
            }
        } catch (IOException closed) {
            // torn down
        }
    }

    /** Answers each request head (read up to its blank line) with the page; no allocation per request. */
    private static void serve(Socket s, byte[] response) {
        byte[] buf = new byte[4096];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int seen = 0;
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                for (int i = 0; i < n; i++) {
                    seen = buf[i] == '\n' ? seen + 1 : buf[i] == '\r' ? seen : 0;
                    if (seen == 2) {
                        out.write(response);
                        seen = 0;
                    }
                }
            }
        } catch (IOException gone) {
            // client closed
        }
    }

    @TearDown
    public void tearDown() throws IOException {
        if (connection != null) {
            connection.close();
        }
        server.close();
    }

    @Benchmark
    public int fetch() throws ScrapeException {
        ScrapeBody body = ScrapeBody.borrow(bodyLength);
        try {
            scraper.scrape(url, connection, Duration.ofSeconds(10), 0, body);
            if (body.length() != bodyLength) {
                throw new IllegalStateException("body of " + body.length() + " bytes, expected " + bodyLength);
            }
            return body.length();
        } finally {
            ScrapeBody.giveBack(body);
        }
    }
}
