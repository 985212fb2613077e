package io.meshlens.receiver.prometheus;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.meshlens.component.Host;
import io.meshlens.relabel.Labels;
import io.meshlens.scrape.PromDuration;
import io.meshlens.scrape.ScrapePool;
import io.meshlens.scrape.TargetStatus;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * {@code GET /api/v1/targets} on the self-telemetry server, in Prometheus's JSON shape
 * ({@code activeTargets} with discovered/final labels, health, last error, last scrape and its
 * duration; {@code droppedTargets}), covering every running prometheus receiver.
 */
final class TargetsPage {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<PrometheusReceiver> RECEIVERS = new CopyOnWriteArraySet<>();
    private static final Set<Host> REGISTERED_ON = new CopyOnWriteArraySet<>();

    private TargetsPage() {
    }

    static void register(Host host, PrometheusReceiver r) {
        RECEIVERS.add(r);
        if (host != null && REGISTERED_ON.add(host)) {
            try {
                host.addHttpHandler("/api/v1/targets", TargetsPage::handle);
            } catch (UnsupportedOperationException | IllegalArgumentException e) {
                // A host without an HTTP server (tests) or a path already served: nothing to add.
            }
        }
    }

    static void unregister(PrometheusReceiver r) {
        RECEIVERS.remove(r);
    }

    static ObjectNode render(List<ScrapePool> pools) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "success");
        ObjectNode data = root.putObject("data");
        ArrayNode active = data.putArray("activeTargets");
        ArrayNode dropped = data.putArray("droppedTargets");
        for (ScrapePool pool : pools) {
            for (TargetStatus s : pool.statuses()) {
                ObjectNode t = active.addObject();
                labels(t.putObject("discoveredLabels"), s.target().discovered());
                labels(t.putObject("labels"), s.target().publicLabels());
                t.put("scrapePool", pool.config().jobName());
                t.put("scrapeUrl", s.target().url());
                t.put("globalUrl", s.target().url());
                t.put("lastError", s.lastError());
                t.put("lastScrape", s.lastScrapeMs() == 0 ? "0001-01-01T00:00:00Z"
                        : Instant.ofEpochMilli(s.lastScrapeMs()).toString());
                t.put("lastScrapeDuration", s.lastScrapeDurationSeconds());
                t.put("health", s.health().toString());
                t.put("scrapeInterval", PromDuration.format(s.target().interval()));
                t.put("scrapeTimeout", PromDuration.format(s.target().timeout()));
                t.put("samplesScraped", s.samplesScraped());
                t.put("samplesPostMetricRelabeling", s.samplesPostRelabel());
            }
            for (Labels d : pool.droppedTargets()) {
                labels(dropped.addObject().putObject("discoveredLabels"), d);
            }
        }
        return root;
    }

    private static void labels(ObjectNode o, Labels l) {
        l.forEach(o::put);
    }

    private static void handle(HttpExchange ex) throws IOException {
        try (ex) {
            List<ScrapePool> pools = RECEIVERS.stream().flatMap(r -> r.pools().stream()).toList();
            byte[] body = JSON.writeValueAsBytes(render(pools));
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }
}
