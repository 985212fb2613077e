package io.meshlens.backend;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** /usr/bin/prometheus with the remote-write receiver on a free loopback port; see {@link BackendProcess}. */
public final class PrometheusProcess extends BackendProcess {
    public static final String BINARY = "/usr/bin/prometheus";
    private final Path configFile;

    public PrometheusProcess(Path dataDir) throws IOException {
        super(dataDir);
        Files.createDirectories(dataDir);
        configFile = dataDir.resolveSibling(dataDir.getFileName() + "-prometheus.yml");
        // No scrape jobs: every sample arrives by remote write.
        Files.writeString(configFile, "global:\n  scrape_interval: 1m\n");
    }

    @Override
    protected List<String> command() {
        return List.of(BINARY, "--config.file=" + configFile, "--storage.tsdb.path=" + dataDir,
                "--web.listen-address=127.0.0.1:" + port, "--web.enable-remote-write-receiver",
                "--log.level=warn");
    }

    @Override
    protected String readyPath() {
        return "/-/ready";
    }

    @Override
    public String writeUrl() {
        return baseUrl() + "/api/v1/write";
    }
}
