package io.meshlens.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.meshlens.backend.VictoriaMetricsProcess;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one agent stored in VictoriaMetrics, asked of VictoriaMetrics itself (never the agent's own
 * counters). Every query first forces a flush and bypasses the result cache, so it sees data the
 * moment it was written. Each query and its answer is appended to a log for the raw output.
 */
public final class VmMeter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final VictoriaMetricsProcess vm;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Writer log;

    public VmMeter(VictoriaMetricsProcess vm, Writer log) {
        this.vm = vm;
        this.log = log;
    }

    /** Selector of every series the run wrote, optionally restricted to names matching {@code nameRegex}. */
    static String selector(Agent agent, String nameRegex) {
        return nameRegex == null ? "{bench_run=\"" + agent.label() + "\"}"
                : "{__name__=~\"" + nameRegex + "\",bench_run=\"" + agent.label() + "\"}";
    }

    /** Samples with a timestamp in (from, to] (epoch ms) of the selected series. */
    public long samples(String selector, long from, long to) throws IOException, InterruptedException {
        return (long) scalar("sum(count_over_time(" + selector + "[" + (to - from) + "ms]))", to);
    }

    /** Series of the selector with at least one sample in (from, to]. */
    public long series(String selector, long from, long to) throws IOException, InterruptedException {
        return (long) scalar("count(count_over_time(" + selector + "[" + (to - from) + "ms]))", to);
    }

    /** An instant query whose result is one number (0 when empty). */
    double scalar(String promql, long atMillis) throws IOException, InterruptedException {
        vm.flush();
        JsonNode j = get("/api/v1/query?nocache=1&query=" + enc(promql) + "&time="
                + String.format(Locale.ROOT, "%.3f", atMillis / 1000.0));
        JsonNode result = j.path("data").path("result");
        double v = result.isEmpty() ? 0 : Double.parseDouble(result.get(0).get("value").get(1).asText());
        record("query", promql + " @" + atMillis, String.valueOf(v));
        return v;
    }

    /** Every sample value of the selected series in [from, to] (epoch ms). */
    public List<Double> values(String selector, long from, long to) throws IOException, InterruptedException {
        List<Double> out = new ArrayList<>();
        for (JsonNode series : export(selector, from, to)) {
            series.get("values").forEach(v -> out.add(v.asDouble()));
        }
        record("export values", selector, out.size() + " samples");
        return out;
    }

    /** Newest sample timestamp (epoch ms) of the selected series since {@code from}; 0 if none. */
    public long newestTimestamp(String selector, long from) throws IOException, InterruptedException {
        long newest = 0;
        for (JsonNode series : export(selector, from, System.currentTimeMillis() + 60_000)) {
            for (JsonNode t : series.get("timestamps")) {
                newest = Math.max(newest, t.asLong());
            }
        }
        return newest;
    }

    private List<JsonNode> export(String selector, long from, long to) throws IOException, InterruptedException {
        vm.flush();
        HttpResponse<String> r = send("/api/v1/export?match[]=" + enc(selector) + "&start="
                + String.format(Locale.ROOT, "%.3f", from / 1000.0) + "&end=" + String.format(Locale.ROOT, "%.3f", to / 1000.0));
        List<JsonNode> out = new ArrayList<>();
        for (String line : r.body().split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        return JSON.readTree(send(pathAndQuery).body());
    }

    private HttpResponse<String> send(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest q = HttpRequest.newBuilder(URI.create(vm.baseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(180)).build();
        HttpResponse<String> r;
        try {
            r = http.send(q, HttpResponse.BodyHandlers.ofString());
        } catch (java.net.http.HttpTimeoutException e) {
            // A 2-core box: VictoriaMetrics may still be ingesting an agent's backlog (a wal being
            // drained); the answer of a second try is as good, the run is not worth losing.
            record("timeout", pathAndQuery, "retrying");
            r = http.send(q, HttpResponse.BodyHandlers.ofString());
        }
        if (r.statusCode() != 200) {
            throw new IOException("VictoriaMetrics " + pathAndQuery + ": HTTP " + r.statusCode() + ": " + r.body());
        }
        return r;
    }

    private synchronized void record(String kind, String what, String answer) throws IOException {
        log.write(kind + "\t" + what + "\t" + answer + "\n");
        log.flush();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
