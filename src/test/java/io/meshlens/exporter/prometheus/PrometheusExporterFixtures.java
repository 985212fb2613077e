package io.meshlens.exporter.prometheus;

import io.meshlens.component.ComponentId;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Kind;
import io.meshlens.config.ConfigErrors;
import io.meshlens.config.ConfigLoader;
import io.meshlens.config.ConfigNode;
import io.meshlens.config.ConfigReader;
import io.meshlens.telemetry.Telemetry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/** Builds prometheus exporters from YAML and scrapes them over real HTTP, for this package's tests. */
final class PrometheusExporterFixtures {
    static final PrometheusExporterFactory FACTORY = new PrometheusExporterFactory();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PrometheusExporterFixtures() {
    }

    static PrometheusExporterConfig parse(Path file, String id, ConfigErrors errors) {
        ConfigLoader.Result r = ConfigLoader.load(List.of(file), List.of(), Map.of());
        errors.addAll(r.errors());
        ConfigNode.MapNode exporters = (ConfigNode.MapNode) r.root().get("exporters");
        ConfigNode section = exporters.get(id) instanceof ConfigNode.MapNode m ? m : null;
        return FACTORY.parseConfig(new ConfigReader(section, "exporters::" + id, errors));
    }

    /** Parses one exporter section body (YAML at column 0) with endpoint 127.0.0.1:0 unless given. */
    static PrometheusExporterConfig config(String yamlBody) {
        try {
            Path f = Files.createTempFile("promexp", ".yaml");
            f.toFile().deleteOnExit(); // no test file left in /tmp
            String body = yamlBody.contains("endpoint:") ? yamlBody.strip() : "endpoint: 127.0.0.1:0\n" + yamlBody.strip();
            Files.writeString(f, "exporters:\n  prometheus:\n    " + body.replace("\n", "\n    ") + "\n");
            ConfigErrors errors = new ConfigErrors();
            PrometheusExporterConfig c = parse(f, "prometheus", errors);
            Files.delete(f);
            errors.throwIfErrors();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PrometheusExporter start(String yamlBody) throws Exception {
        PrometheusExporter e = (PrometheusExporter) FACTORY.create(new CreateSettings(ComponentId.parse("prometheus"),
                Kind.EXPORTER, "metrics", new Telemetry(), Logger.getLogger("prometheus")), config(yamlBody));
        e.start(null);
        return e;
    }

    static HttpResponse<String> get(PrometheusExporter e, String accept) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(e));
        if (accept != null) {
            b.header("Accept", accept);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String scrape(PrometheusExporter e) throws Exception {
        HttpResponse<String> r = get(e, null);
        if (r.statusCode() != 200) {
            throw new AssertionError("status " + r.statusCode());
        }
        return r.body();
    }

    static URI url(PrometheusExporter e) {
        return URI.create("http://127.0.0.1:" + e.address().getPort() + "/metrics");
    }
}
