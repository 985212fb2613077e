package io.meshlens.exporter.prometheus;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.meshlens.component.CreateSettings;
import io.meshlens.component.Exporter;
import io.meshlens.component.Host;
import io.meshlens.component.MetricsConsumer;
import io.meshlens.model.Attributes;
import io.meshlens.model.MetricBatch;
import io.meshlens.otlp.Endpoints;
import io.meshlens.telemetry.ExporterTelemetry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;

/**
 * The {@code prometheus} exporter: pushes update an {@link Accumulator}; {@code GET /metrics}
 * renders its live series (text 0.0.4, or OpenMetrics when enabled and asked for). Served by the
 * JDK HTTP server on virtual threads.
 */
final class PrometheusExporter implements Exporter, MetricsConsumer {
    private final PrometheusExporterConfig config;
    private final Logger logger;
    private final ExporterTelemetry telemetry;
    private final Accumulator accumulator;
    /** Rendered target_info labels by resource instance; only touched under the accumulator's lock. */
    private final Map<Attributes, String> targetInfoLabels = new HashMap<>();
    /** Metrics already warned about, so a dropped metric is logged once, not every push. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private volatile long droppedPoints;
    private HttpServer server;
    private ExecutorService executor;

    PrometheusExporter(CreateSettings settings, PrometheusExporterConfig config) {
        this.config = config;
        this.logger = settings.logger();
        this.telemetry = new ExporterTelemetry(settings.telemetry(), settings.id().toString());
        this.accumulator = new Accumulator(config, System::nanoTime);
    }

    @Override
    public void start(Host host) throws IOException {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpServer.create(Endpoints.parse(config.endpoint()), 64);
        server.setExecutor(executor);
        server.createContext("/metrics", this::handle);
        server.start();
    }

    /** The bound address (the real port when the endpoint asked for port 0). */
    InetSocketAddress address() {
        return server.getAddress();
    }

    /** Points dropped because the Collector's exporter would not export them (see {@link Accumulator}). */
    long droppedPoints() {
        return droppedPoints;
    }

    @Override
    public void consumeMetrics(MetricBatch batch) {
        Accumulator.Result r = accumulator.accumulate(batch);
        telemetry.sent(r.accepted());
        if (r.dropped() > 0) {
            synchronized (this) {
                droppedPoints += r.dropped();
            }
            for (String m : r.droppedMetrics()) {
                if (warned.add(m)) {
                    logger.warning("prometheus exporter: dropping " + m + ": not exportable (non-monotonic delta sum, "
                            + "no temporality, exponential histogram or type conflict)");
                }
            }
        }
    }

    /** Renders the page for a client that sends {@code accept} (null for none). */
    Exposition render(String accept) {
        boolean om = config.enableOpenMetrics() && accept != null && accept.contains("application/openmetrics-text");
        Exposition e = new Exposition(om, config.sendTimestamps(), config.namespace(), targetInfoLabels);
        accumulator.collect(e);
        return e;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            Exposition page = render(ex.getRequestHeaders().getFirst("Accept"));
            byte[] body = page.page().toString().getBytes(StandardCharsets.UTF_8);
            String encoding = ex.getRequestHeaders().getFirst("Accept-Encoding");
            if (encoding != null && encoding.contains("gzip")) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream(body.length / 4 + 64);
                try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
                    gz.write(body);
                }
                body = buf.toByteArray();
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            ex.getResponseHeaders().set("Content-Type", page.contentType());
            if (method.equals("HEAD")) {
                ex.sendResponseHeaders(200, -1);
                return;
            }
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    @Override
    public void shutdown() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.close();
            executor = null;
        }
    }
}
