package io.meshlens.backend;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** /usr/bin/victoria-metrics (single node) on a free loopback port; see {@link BackendProcess}. */
public final class VictoriaMetricsProcess extends BackendProcess {
    public static final String BINARY = "/usr/bin/victoria-metrics";

    public VictoriaMetricsProcess(Path dataDir) {
        super(dataDir);
    }

    @Override
    protected List<String> command() {
        return List.of(BINARY, "-httpListenAddr", "127.0.0.1:" + port, "-storageDataPath", dataDir.toString(),
                "-search.latencyOffset=0s", "-retentionPeriod=100y", "-loggerLevel=WARN");
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
