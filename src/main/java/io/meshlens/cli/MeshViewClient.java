package io.meshlens.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Options and HTTP access shared by the commands that read a running meshlens's mesh view API. */
final class MeshViewClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--url", defaultValue = "http://127.0.0.1:9464",
            description = "Base URL of a running meshlens's meshview extension (default: ${DEFAULT-VALUE}).")
    String url;

    @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    String output;

    boolean json() {
        return output.equals("json");
    }

    /** GETs {@code path}; prints datasource problems and errors to stderr. Null when the API cannot be read. */
    JsonNode get(String path, PrintStream err) {
        if (!output.equals("table") && !output.equals("json")) {
            err.println("-o must be table or json, got \"" + output + "\"");
            return null;
        }
        String base = url.replaceAll("/+$", "");
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                err.println(base + path + ": HTTP " + r.statusCode() + ": " + r.body());
                return null;
            }
            JsonNode doc = JSON.readTree(r.body());
            doc.path("datasources").path("problems").forEach(p -> err.println("warning: " + p.asText()));
            if (!doc.path("error").isNull() && !doc.path("error").isMissingNode()) {
                err.println("error: " + doc.path("error").asText());
            }
            return doc;
        } catch (IOException | IllegalArgumentException e) {
            err.println("cannot read the mesh view API at " + base + path + " (" + e.getMessage() + "); is meshlens "
                    + "running with the meshview extension? Set --url to its endpoint.");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Exit code of a command: 1 when the API could not be read or reported an error. */
    static int exitCode(JsonNode doc) {
        return doc == null || !(doc.path("error").isNull() || doc.path("error").isMissingNode()) ? 1 : 0;
    }

    static void printJson(JsonNode doc, PrintStream out) {
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(doc));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
