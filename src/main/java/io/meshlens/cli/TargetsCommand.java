package io.meshlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlens.component.Components;
import io.meshlens.service.ServiceRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code meshlens targets --config F...}: the scrape targets of a running meshlens, read from its
 * {@code /api/v1/targets} (on {@code service.telemetry.metrics.address}), as a table.
 */
@Command(name = "targets", mixinStandardHelpOptions = true,
        description = {"Lists the scrape targets of a running meshlens (health, last scrape, last error).",
                "Finds it through the config's service.telemetry.metrics.address, or --url."})
final class TargetsCommand implements Callable<Integer> {
    private final Components components;

    @Mixin
    ConfigOptions config;

    @Option(names = "--url", description = "base URL of the running meshlens's telemetry server (overrides the config)")
    String url;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
    String output;

    TargetsCommand(Components components) {
        this.components = components;
    }

    @Override
    public Integer call() throws Exception {
        String base = url;
        if (base == null) {
            ServiceRunner.Loaded loaded = config.load(components);
            if (!loaded.ok()) {
                return ServiceRunner.validate(loaded, System.out, System.err);
            }
            String addr = loaded.config().telemetry().metricsAddress();
            if (addr == null) {
                System.err.println("meshlens targets: service.telemetry.metrics.level is none, so no targets page is served");
                return 2;
            }
            base = "http://" + addr;
        }
        HttpResponse<String> r;
        try {
            r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/targets"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            System.err.println("meshlens targets: no meshlens answering at " + base + " (" + e.getMessage()
                    + "); is it running with this config?");
            return 1;
        }
        if (r.statusCode() != 200) {
            System.err.println("meshlens targets: " + base + "/api/v1/targets answered HTTP " + r.statusCode()
                    + " (no prometheus receiver running?)");
            return 1;
        }
        if (output.equals("json")) {
            System.out.println(r.body());
            return 0;
        }
        System.out.print(table(new ObjectMapper().readTree(r.body())));
        return 0;
    }

    static String table(JsonNode root) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"JOB", "URL", "HEALTH", "LAST SCRAPE", "DURATION", "SAMPLES", "ERROR"});
        for (JsonNode t : root.at("/data/activeTargets")) {
            rows.add(new String[] {t.path("scrapePool").asText(), t.path("scrapeUrl").asText(),
                    t.path("health").asText(), t.path("lastScrape").asText(),
                    String.format("%.3fs", t.path("lastScrapeDuration").asDouble()),
                    t.path("samplesPostMetricRelabeling").asText() + "/" + t.path("samplesScraped").asText(),
                    t.path("lastError").asText()});
        }
        int[] w = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                sb.append(i == row.length - 1 ? row[i] : String.format("%-" + (w[i] + 2) + "s", row[i]));
            }
            sb.append('\n');
        }
        sb.append(root.at("/data/activeTargets").size()).append(" active, ")
                .append(root.at("/data/droppedTargets").size()).append(" dropped by relabeling\n");
        return sb.toString();
    }
}
