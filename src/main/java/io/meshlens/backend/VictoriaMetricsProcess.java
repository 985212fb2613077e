package io.meshlens.backend;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** /usr/bin/victoria-metrics (single node) on a free loopback port; see {@link BackendProcess}. */
public final class VictoriaMetricsProcess extends BackendProcess {
    public static final String BINARY = "/usr/bin/victoria-metrics";
    /** Labels per series VictoriaMetrics accepts here (its default, 30, is too few for enriched mesh series). */
    public static final int MAX_LABELS = 64;

    private final List<String> extraFlags;

    public VictoriaMetricsProcess(Path dataDir) {
        this(dataDir, List.of());
    }

    /** With more command-line flags, e.g. a higher {@code -search.maxUniqueTimeseries} for load tests. */
    public VictoriaMetricsProcess(Path dataDir, List<String> extraFlags) {
        super(dataDir);
        this.extraFlags = List.copyOf(extraFlags);
    }

    @Override
    protected List<String> command() {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "-httpListenAddr", "127.0.0.1:" + port, "-storageDataPath", dataDir.toString(),
                "-search.latencyOffset=0s", "-retentionPeriod=100y", "-loggerLevel=WARN",
                // 1.79 keeps only 30 labels per series and silently drops the rest (sorted last), which
                // merges distinct series: an enriched Linkerd series has ~35 (the seed counted 35).
                "-maxLabelsPerTimeseries=" + MAX_LABELS));
        cmd.addAll(extraFlags);
        return cmd;
    }

    @Override
    protected String readyPath() {
        return "/health";
    }

    @Override
    public String writeUrl() {
        return baseUrl() + "/api/v1/write";
    }

    @Override
    public void flush() throws IOException, InterruptedException {
        get("/internal/force_flush");
    }

    /** Raw samples of every series matching {@code selector} (/api/v1/export, one JSON line per series). */
    public List<JsonNode> export(String selector) throws IOException, InterruptedException {
        flush();
        var r = get("/api/v1/export?match[]=" + enc(selector) + "&start=0");
        if (r.statusCode() != 200) {
            throw new IOException("export: HTTP " + r.statusCode() + ": " + r.body());
        }
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }
}
