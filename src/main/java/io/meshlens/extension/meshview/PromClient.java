package io.meshlens.extension.meshview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A client of the Prometheus HTTP API ({@code /api/v1/query}, {@code query_range}, {@code series},
 * {@code status/tsdb}) as served by Prometheus and VictoriaMetrics alike. The mesh view reads the
 * backends only through it, so what it shows on a real deployment is what it shows in the demo.
 */
final class PromClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final String name;
    private final String baseUrl;
    private final HttpClient http;

    /** {@code name} says which datasource ("mesh", "app") in error messages. */
    PromClient(String name, String baseUrl, HttpClient http) {
        this.name = name;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = http;
    }

    String baseUrl() {
        return baseUrl;
    }

    String name() {
        return name;
    }

    /** One series of an instant vector: its labels and value (NaN and ±Inf as Java doubles). */
    record Sample(Map<String, String> labels, double value) {
        String label(String key) {
            return labels.getOrDefault(key, "");
        }
    }

    /** One series of a range query: labels, timestamps (seconds) and values. */
    record Series(Map<String, String> labels, List<Long> times, List<Double> values) {
    }

    /** Evaluates {@code promql} now; a scalar comes back as one sample without labels. */
    List<Sample> query(String promql) throws PromException {
        JsonNode data = get("/api/v1/query", Map.of("query", promql));
        List<Sample> out = new ArrayList<>();
        String type = data.path("resultType").asText();
        if (type.equals("scalar")) {
            out.add(new Sample(Map.of(), parse(data.path("result").path(1).asText())));
            return out;
        }
        for (JsonNode r : data.path("result")) {
            out.add(new Sample(labels(r.path("metric")), parse(r.path("value").path(1).asText())));
        }
        return out;
    }

    /** Evaluates {@code promql} at every {@code step} from {@code start} to {@code end}. */
    List<Series> queryRange(String promql, Instant start, Instant end, Duration step) throws PromException {
        JsonNode data = get("/api/v1/query_range", Map.of("query", promql,
                "start", Long.toString(start.getEpochSecond()), "end", Long.toString(end.getEpochSecond()),
                "step", step.toSeconds() + "s"));
        List<Series> out = new ArrayList<>();
        for (JsonNode r : data.path("result")) {
            List<Long> times = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (JsonNode v : r.path("values")) {
                times.add(v.path(0).asLong());
                values.add(parse(v.path(1).asText()));
            }
            out.add(new Series(labels(r.path("metric")), times, values));
        }
        return out;
    }

    /** The label sets of the series matching {@code selector} in the last {@code lookback}. */
    List<Map<String, String>> series(String selector, Duration lookback) throws PromException {
        Instant now = Instant.now();
        JsonNode data = get("/api/v1/series", Map.of("match[]", selector,
                "start", Long.toString(now.minus(lookback).getEpochSecond()),
                "end", Long.toString(now.getEpochSecond())));
        List<Map<String, String>> out = new ArrayList<>();
        data.forEach(n -> out.add(labels(n)));
        return out;
    }

    /** {@code /api/v1/status/tsdb} (both Prometheus and VictoriaMetrics serve it). */
    JsonNode tsdbStatus() throws PromException {
        return get("/api/v1/status/tsdb", Map.of());
    }

    /** GETs a non-API path (e.g. the backend's own {@code /metrics}) as text; null when it cannot be read. */
    String getText(String path) {
        try {
            HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return resp.statusCode() == 200 ? resp.body() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** GETs an API path and returns its {@code data}, or says plainly why not. */
    JsonNode get(String path, Map<String, String> params) throws PromException {
        StringJoiner q = new StringJoiner("&");
        params.forEach((k, v) -> q.add(enc(k) + "=" + enc(v)));
        String url = baseUrl + path + (params.isEmpty() ? "" : "?" + q);
        HttpResponse<String> resp;
        try {
            resp = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new PromException("the " + name + " datasource " + baseUrl + " is not reachable ("
                    + describe(e) + "); check datasources." + name + " in the meshview config");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PromException("interrupted while querying the " + name + " datasource");
        } catch (IllegalArgumentException e) {
            throw new PromException("the " + name + " datasource URL " + baseUrl + " is not valid: " + e.getMessage());
        }
        JsonNode body;
        try {
            body = JSON.readTree(resp.body());
        } catch (IOException e) {
            throw new PromException("the " + name + " datasource " + baseUrl + " answered " + path + " with HTTP "
                    + resp.statusCode() + " and no Prometheus API JSON; is it a Prometheus-compatible API base URL?");
        }
        if (!"success".equals(body.path("status").asText())) {
            throw new PromException("the " + name + " datasource " + baseUrl + " rejected " + path + " (HTTP "
                    + resp.statusCode() + "): " + body.path("error").asText(resp.body()));
        }
        return body.path("data");
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static Map<String, String> labels(JsonNode metric) {
        Map<String, String> m = new LinkedHashMap<>();
        metric.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    static double parse(String v) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** A backend query failed; the message says which datasource, what happened and what to check. */
    static final class PromException extends Exception {
        PromException(String message) {
            super(message);
        }
    }
}
