package io.meshlens.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlens.sim.ServeStats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code meshlens simulate} in its own JVM (so its CPU is not the agent's): waits for its READY
 * line, reads its serve counters, and stops it by closing its stdin.
 */
public final class SimProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final Map<String, String> ready;
    private final HttpClient http = HttpClient.newHttpClient();

    private SimProcess(Process process, Map<String, String> ready) {
        this.process = process;
        this.ready = ready;
    }

    public static SimProcess start(JavaCommand java, int pods, long seed, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(java.command(List.of(), List.of("simulate", "--pods",
                Integer.toString(pods), "--seed", Long.toString(seed), "--work-dir", workDir.toString())));
        pb.redirectError(workDir.resolveSibling("sim.log").toFile());
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String l = line.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (l == null || !l.startsWith("READY ")) {
                throw new IOException("meshlens simulate did not start (output: " + l + "); see "
                        + workDir.resolveSibling("sim.log"));
            }
            return new SimProcess(p, parseReady(l));
        } catch (TimeoutException | java.util.concurrent.ExecutionException | IOException e) {
            p.destroyForcibly();
            throw e instanceof IOException io ? io : new IOException("meshlens simulate: no READY line within "
                    + timeout + "; see " + workDir.resolveSibling("sim.log"), e);
        }
    }

    /** {@code READY k=v k=v} → map. */
    static Map<String, String> parseReady(String line) {
        Map<String, String> m = new TreeMap<>();
        for (String part : line.substring("READY ".length()).trim().split(" ")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                m.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return m;
    }

    public long pid() {
        return process.pid();
    }

    public Path kubeconfig() {
        return Path.of(ready.get("kubeconfig"));
    }

    public Path targets() {
        return Path.of(ready.get("targets"));
    }

    /** What the simulated proxies have served so far. */
    public ServeStats.Snapshot stats() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(ready.get("stats")))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("simulator stats: HTTP " + r.statusCode());
        }
        JsonNode j = JSON.readTree(r.body());
        Map<String, Long> names = new TreeMap<>();
        j.get("linesByName").fields().forEachRemaining(e -> names.put(e.getKey(), e.getValue().asLong()));
        return new ServeStats.Snapshot(j.get("scrapes").asLong(), j.get("bytes").asLong(), j.get("lines").asLong(), names);
    }

    /** Every proxy answers 503 until {@link #resume()}; nothing more is served or counted. */
    public void pause() throws IOException, InterruptedException {
        control("pause");
    }

    public void resume() throws IOException, InterruptedException {
        control("resume");
    }

    private void control(String what) throws IOException, InterruptedException {
        String base = ready.get("stats");
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base.substring(0, base.lastIndexOf('/'))
                + "/" + what)).POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() != 204) {
            throw new IOException("simulator /" + what + ": HTTP " + r.statusCode());
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        http.close();
    }
}
