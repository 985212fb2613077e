package io.meshlens.backend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real metrics backend (VictoriaMetrics or Prometheus) run as a child process on a free
 * 127.0.0.1 port with its data in a given directory: start, stop (and start again on the same
 * port and data), and the HTTP query API both share. Always {@link #close()} it (try-with-resources
 * or @AfterAll): it is a real process.
 */
public abstract class BackendProcess implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    protected final Path dataDir;
    protected final int port;
    private Process process;

    protected BackendProcess(Path dataDir) {
        this.dataDir = dataDir;
        this.port = freePort();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    protected abstract List<String> command();

    protected abstract String readyPath();

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public abstract String writeUrl();

    public boolean running() {
        return process != null && process.isAlive();
    }

    /** Starts the process and waits until it answers its readiness endpoint. */
    public synchronized void start() throws IOException, InterruptedException {
        if (running()) {
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(command());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolveSibling(dataDir.getFileName() + ".log").toFile()));
        process = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(command().get(0) + " exited with " + process.exitValue() + "; see "
                        + dataDir + ".log");
            }
            try {
                if (get(readyPath()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        stop();
        throw new IOException(command().get(0) + " did not become ready within 60s");
    }

    /** SIGTERM, then SIGKILL if it does not exit within 30 s. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl() + pathAndQuery)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected JsonNode getJson(String pathAndQuery) throws IOException, InterruptedException {
        HttpResponse<String> r = get(pathAndQuery);
        if (r.statusCode() != 200) {
            throw new IOException("GET " + pathAndQuery + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Makes freshly written data queryable (a no-op where the backend needs none). */
    public void flush() throws IOException, InterruptedException {
    }

    /** /api/v1/label/__name__/values. */
    public List<String> metricNames() throws IOException, InterruptedException {
        flush();
        List<String> out = new ArrayList<>();
        getJson("/api/v1/label/__name__/values").get("data").forEach(n -> out.add(n.asText()));
        return out;
    }

    /** /api/v1/series?match[]=selector: the label sets. */
    public List<JsonNode> series(String selector) throws IOException, InterruptedException {
        flush();
        List<JsonNode> out = new ArrayList<>();
        getJson("/api/v1/series?match[]=" + enc(selector) + "&start=0").get("data").forEach(out::add);
        return out;
    }

    /** /api/v1/query (instant, at {@code timeSeconds}): the result vector. */
    public List<JsonNode> query(String promql, double timeSeconds) throws IOException, InterruptedException {
        flush();
        List<JsonNode> out = new ArrayList<>();
        getJson("/api/v1/query?query=" + enc(promql) + "&time=" + String.format(java.util.Locale.ROOT, "%.3f", timeSeconds)).get("data").get("result")
                .forEach(out::add);
        return out;
    }
}
