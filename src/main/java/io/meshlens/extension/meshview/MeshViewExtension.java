package io.meshlens.extension.meshview;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Extension;
import io.meshlens.component.Host;
import io.meshlens.service.HostPort;
import io.meshlens.service.TelemetryServer;
import io.meshlens.telemetry.CardinalityTracker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The mesh view: serves the page ({@code /}), its scripts ({@code /static/}), uPlot from its webjar
 * ({@code /vendor/uplot/}) and the JSON API ({@code /api/...}) on its own HTTP server, and holds the
 * {@link SpanStore} that {@code meshview} trace exporters fill (they find it by this extension's ID).
 */
public final class MeshViewExtension implements Extension {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEB = "io/meshlens/extension/meshview/web/";

    private final CreateSettings settings;
    private final MeshViewConfig config;
    private final SpanStore spans;
    private HttpServer server;
    private ExecutorService executor;
    private HttpClient http;

    MeshViewExtension(CreateSettings settings, MeshViewConfig config) {
        this.settings = settings;
        this.config = config;
        this.spans = new SpanStore(config.maxSpans());
    }

    /** Where {@code meshview} trace exporters put error spans. */
    public SpanStore spanStore() {
        return spans;
    }

    @Override
    public void start(Host host) throws IOException {
        CardinalityTracker tracker = CardinalityTracker.of(host.telemetry());
        // The counting window spans several scrapes so every target is seen once per window.
        tracker.enable(Math.max(60_000, config.refreshInterval().toMillis() * 6));
        executor = Executors.newVirtualThreadPerTaskExecutor();
        http = HttpClient.newBuilder().executor(executor).connectTimeout(Duration.ofSeconds(5)).build();
        MeshViewApi api = new MeshViewApi(config, new PromClient("mesh", config.meshDatasource(), http),
                new PromClient("app", config.appDatasource(), http), spans, tracker);
        HostPort endpoint = HostPort.parse(config.endpoint());
        try {
            server = HttpServer.create(endpoint.toSocketAddress(), 0);
        } catch (IOException e) {
            throw new IOException(settings.describe() + ": cannot listen on " + config.endpoint() + ": "
                    + e.getMessage(), e);
        }
        server.setExecutor(executor);
        json("/api/config", api::config);
        json("/api/datasources", api::datasources);
        json("/api/workloads", api::workloads);
        json("/api/edges", api::edges);
        json("/api/latency", api::latency);
        json("/api/cardinality", api::cardinality);
        server.createContext("/static/", ex -> resource(ex, WEB + ex.getRequestURI().getPath().substring(8)));
        String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        server.createContext("/vendor/uplot/", ex -> resource(ex, uplot + ex.getRequestURI().getPath().substring(14)));
        server.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().equals("/")) {
                resource(ex, WEB + "index.html");
            } else {
                TelemetryServer.respond(ex, 404, "text/plain; charset=utf-8", "not found; the mesh view is at /\n");
            }
        });
        server.start();
        settings.logger().info("mesh view on http://" + config.endpoint().replaceFirst(":\\d+$", "") + ":" + port()
                + "/ (mesh datasource " + config.meshDatasource() + ", app datasource " + config.appDatasource() + ")");
    }

    /** The bound port (useful when configured with port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void shutdown() {
        if (server != null) {
            server.stop(0);
            executor.close();
            server = null;
        }
    }

    private void json(String path, Supplier<Map<String, Object>> doc) {
        server.createContext(path, ex -> {
            try (ex) {
                byte[] body;
                int status = 200;
                try {
                    body = JSON.writeValueAsBytes(doc.get());
                } catch (RuntimeException e) {
                    status = 500;
                    body = JSON.writeValueAsBytes(Map.of("error", settings.describe() + ": " + e));
                }
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.getResponseHeaders().set("Cache-Control", "no-store");
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
    }

    private static void resource(HttpExchange ex, String name) throws IOException {
        try (ex) {
            InputStream in = name.contains("..") ? null
                    : MeshViewExtension.class.getClassLoader().getResourceAsStream(name);
            if (in == null) {
                TelemetryServer.respond(ex, 404, "text/plain; charset=utf-8", "not found\n");
                return;
            }
            byte[] body;
            try (in) {
                body = in.readAllBytes();
            }
            ex.getResponseHeaders().set("Content-Type", contentType(name));
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static String contentType(String name) {
        if (name.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (name.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        return name.endsWith(".html") ? "text/html; charset=utf-8" : "application/octet-stream";
    }

    /** The webjar's version, from its Maven metadata, so a uPlot upgrade needs only the pom. */
    private static String uplotVersion() throws IOException {
        try (InputStream in = MeshViewExtension.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (in == null) {
                throw new IOException("uPlot webjar (org.webjars.npm:uplot) is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        }
    }
}
