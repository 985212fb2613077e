package io.meshlens.testing;

import io.meshlens.remotewrite.proto.Label;
import io.meshlens.remotewrite.proto.Sample;
import io.meshlens.remotewrite.proto.TimeSeries;
import io.meshlens.remotewrite.proto.WriteRequest;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Real backends for the meshview tests: Debian's {@code /usr/bin/victoria-metrics} and
 * {@code /usr/bin/prometheus} on free loopback ports with data in a temp dir, loaded with
 * timestamped series (VictoriaMetrics by its Prometheus-text import, Prometheus by remote write).
 * Close it to stop the process.
 */
public final class MeshviewBackends {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** One series with samples (timestamps in ms since the epoch). */
    public record Series(Map<String, String> labels, List<Long> timesMs, List<Double> values) {
        public Series(Map<String, String> labels) {
            this(new TreeMap<>(labels), new ArrayList<>(), new ArrayList<>());
        }

        public Series add(long timeMs, double value) {
            timesMs.add(timeMs);
            values.add(value);
            return this;
        }
    }

    /** A started backend process; {@link #close()} stops it. */
    public static final class Backend implements AutoCloseable {
        private final Process process;
        private final String url;
        private final String kind;

        Backend(Process process, String url, String kind) {
            this.process = process;
            this.url = url;
            this.kind = kind;
        }

        public String url() {
            return url;
        }

        /** Loads {@code series}, and makes it visible to queries at once. */
        public void load(List<Series> series) throws IOException, InterruptedException {
            if (kind.equals("vm")) {
                StringBuilder sb = new StringBuilder();
                for (Series s : series) {
                    String name = s.labels().get("__name__");
                    StringBuilder labels = new StringBuilder();
                    s.labels().forEach((k, v) -> {
                        if (!k.equals("__name__")) {
                            labels.append(labels.isEmpty() ? "" : ",").append(k).append("=\"")
                                    .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
                        }
                    });
                    for (int i = 0; i < s.values().size(); i++) {
                        sb.append(name).append('{').append(labels).append("} ").append(s.values().get(i)).append(' ')
                                .append(s.timesMs().get(i)).append('\n');
                    }
                }
                post("/api/v1/import/prometheus", "text/plain", sb.toString().getBytes(), Map.of());
                check(HTTP.send(HttpRequest.newBuilder(URI.create(url + "/internal/force_flush")).build(),
                        HttpResponse.BodyHandlers.ofString()), "/internal/force_flush");
            } else {
                WriteRequest.Builder req = WriteRequest.newBuilder();
                for (Series s : series) {
                    TimeSeries.Builder ts = TimeSeries.newBuilder();
                    s.labels().forEach((k, v) -> ts.addLabels(Label.newBuilder().setName(k).setValue(v)));
                    for (int i = 0; i < s.values().size(); i++) {
                        ts.addSamples(Sample.newBuilder().setTimestamp(s.timesMs().get(i)).setValue(s.values().get(i)));
                    }
                    req.addTimeseries(ts);
                }
                post("/api/v1/write", "application/x-protobuf", Snappy.compress(req.build().toByteArray()),
                        Map.of("Content-Encoding", "snappy", "X-Prometheus-Remote-Write-Version", "0.1.0"));
            }
        }

        private void post(String path, String type, byte[] body, Map<String, String> headers)
                throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).header("Content-Type", type)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(b::header);
            check(HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString()), path);
        }

        private static void check(HttpResponse<String> r, String path) throws IOException {
            if (r.statusCode() / 100 != 2) {
                throw new IOException(path + ": HTTP " + r.statusCode() + ": " + r.body());
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private MeshviewBackends() {
    }

    public static Backend victoriaMetrics(Path dir) throws IOException, InterruptedException {
        return victoriaMetrics(dir, List.of());
    }

    /** VictoriaMetrics with extra command-line flags (e.g. {@code -maxLabelsPerTimeseries=5}). */
    public static Backend victoriaMetrics(Path dir, List<String> flags) throws IOException, InterruptedException {
        int port = freePort();
        List<String> cmd = new java.util.ArrayList<>(List.of("/usr/bin/victoria-metrics",
                "-storageDataPath=" + dir.resolve("vm"), "-httpListenAddr=127.0.0.1:" + port,
                "-search.latencyOffset=0s", "-search.disableCache", "-retentionPeriod=1d", "-loggerLevel=ERROR"));
        cmd.addAll(flags);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("vm.log").toFile()).start();
        return waitReady(new Backend(p, "http://127.0.0.1:" + port, "vm"), "/health", dir.resolve("vm.log"));
    }

    public static Backend prometheus(Path dir) throws IOException, InterruptedException {
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1h\nscrape_configs: []\n");
        Process p = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("prom"), "--web.listen-address=127.0.0.1:" + port,
                "--web.enable-remote-write-receiver", "--log.level=error")
                .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
        return waitReady(new Backend(p, "http://127.0.0.1:" + port, "prom"), "/-/ready", dir.resolve("prometheus.log"));
    }

    private static Backend waitReady(Backend b, String path, Path log) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (!b.process.isAlive()) {
                throw new IOException(b.kind + " exited: " + Files.readString(log));
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(b.url + path)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return b;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        b.close();
        throw new IOException(b.kind + " not ready within 30s: " + Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
