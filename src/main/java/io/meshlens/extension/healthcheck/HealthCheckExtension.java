package io.meshlens.extension.healthcheck;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Extension;
import io.meshlens.component.Host;
import io.meshlens.config.GoDuration;
import io.meshlens.service.HostPort;
import io.meshlens.service.TelemetryServer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Answers 200 {@code {"status":"Server available","upSince":...,"uptime":...}} between
 * {@link #ready()} (every pipeline started) and {@link #notReady()} (shutdown begins), 503
 * {@code "Server not available"} otherwise — what Kubernetes probes and load balancers poll.
 */
final class HealthCheckExtension implements Extension {
    private final CreateSettings settings;
    private final HealthCheckConfig config;
    /** When the service became ready; null while not available. */
    private volatile Instant upSince;
    private HttpServer server;
    private ExecutorService executor;

    HealthCheckExtension(CreateSettings settings, HealthCheckConfig config) {
        this.settings = settings;
        this.config = config;
    }

    @Override
    public void start(Host host) throws IOException {
        HostPort endpoint = HostPort.parse(config.endpoint());
        try {
            server = HttpServer.create(endpoint.toSocketAddress(), 0);
        } catch (IOException e) {
            throw new IOException(settings.describe() + ": cannot listen on " + config.endpoint() + ": "
                    + e.getMessage(), e);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext(config.path(), this::handle);
        server.start();
        settings.logger().info("health check on http://" + config.endpoint().replaceFirst(":\\d+$", "")
                + ":" + port() + config.path());
    }

    /** The bound port (useful when configured with port 0). */
    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void ready() {
        upSince = Instant.now();
    }

    @Override
    public void notReady() {
        upSince = null;
    }

    @Override
    public void shutdown() {
        upSince = null;
        if (server != null) {
            server.stop(0);
            executor.close();
            server = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        Instant since = upSince;
        HealthCheckConfig.ResponseBody fixed = config.responseBody();
        if (since != null) {
            String body = fixed != null ? fixed.healthy() : "{\"status\":\"Server available\",\"upSince\":\""
                    + since + "\",\"uptime\":\"" + GoDuration.format(Duration.between(since, Instant.now())) + "\"}";
            TelemetryServer.respond(exchange, 200, contentType(fixed), body);
        } else {
            // Like the Collector: the zero time and no uptime while not available.
            String body = fixed != null ? fixed.unhealthy()
                    : "{\"status\":\"Server not available\",\"upSince\":\"0001-01-01T00:00:00Z\",\"uptime\":\"\"}";
            TelemetryServer.respond(exchange, 503, contentType(fixed), body);
        }
    }

    private static String contentType(HealthCheckConfig.ResponseBody fixed) {
        return fixed != null ? "text/plain; charset=utf-8" : "application/json";
    }
}
