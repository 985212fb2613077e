package io.meshlens.loadtest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.meshlens.sim.ServeStats;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The simulator process's control port on 127.0.0.1: {@code GET /stats} returns what the proxies
 * have served so far ({@link ServeStats.Snapshot} as JSON, plus {@code nowMillis}), so the harness,
 * in another process, can count the samples an agent scraped.
 */
public final class SimStatsServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;

    /**
     * {@code serving} receives false on {@code POST /pause} and true on {@code POST /resume}.
     */
    public SimStatsServer(ServeStats stats, java.util.function.Consumer<Boolean> serving) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/stats", ex -> {
            try (ex) {
                ServeStats.Snapshot s = stats.snapshot();
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("nowMillis", System.currentTimeMillis());
                body.put("scrapes", s.scrapes());
                body.put("bytes", s.bytes());
                body.put("lines", s.lines());
                body.put("linesByName", s.linesByName());
                byte[] b = JSON.writeValueAsBytes(body);
                ex.getResponseHeaders().set("Content-Type", "application/json");
                ex.sendResponseHeaders(200, b.length);
                try (OutputStream os = ex.getResponseBody()) {
                    os.write(b);
                }
            }
        });
        server.createContext("/pause", ex -> control(ex, () -> {
            serving.accept(false);
            // In the run's sim.log: scrapes the proxies could not answer whole. A scraper that timed
            // out after the page was already in the socket's buffers is not among them.
            System.err.println("paused; responses not written whole since start: " + stats.abortedCount());
        }));
        server.createContext("/resume", ex -> control(ex, () -> serving.accept(true)));
        server.start();
    }

    private static void control(com.sun.net.httpserver.HttpExchange ex, Runnable action) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("POST")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            action.run();
            ex.sendResponseHeaders(204, -1);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/stats";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
