package io.meshlens.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.meshlens.telemetry.Telemetry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The self-telemetry HTTP server on service.telemetry.metrics.address: {@code /metrics} in
 * Prometheus text format, plus whatever other components add ({@link #addHandler}). Requests run on
 * virtual threads, so a slow scraper never holds a platform thread.
 */
public final class TelemetryServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private TelemetryServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Binds {@code address} (port 0 picks a free port) and starts serving {@code telemetry} on /metrics. */
    public static TelemetryServer start(HostPort address, Telemetry telemetry) throws IOException {
        HttpServer server = HttpServer.create(address.toSocketAddress(), 0);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        TelemetryServer s = new TelemetryServer(server, executor);
        s.addHandler("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8",
                telemetry.toPrometheusText()));
        server.start();
        return s;
    }

    /** Serves {@code handler} for requests whose path starts with {@code path}. */
    public void addHandler(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }

    /** Writes a complete response and closes the exchange. */
    public static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                out.write(bytes);
            }
        }
    }
}
