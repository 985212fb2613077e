package io.meshlens.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A metrics page on its own loopback address, like a Linkerd proxy's admin port
 * ({@code http://<pod-ip>:4191/metrics}). Serves whatever the supplier renders at request time,
 * gzip-compressed when the client accepts it (as the proxy does). Used by the simulator and by
 * tests that need a real HTTP target.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** A rendered page: body and Content-Type. */
    public record Page(byte[] body, String contentType) {
        public static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
        public static final String OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private volatile Supplier<Page> page;
    private volatile int status = 200;

    public MetricsEndpoint(String ip, int port, String path, Supplier<Page> page) throws IOException {
        this.page = page;
        server = HttpServer.create(new InetSocketAddress(ip, port), 128);
        server.setExecutor(executor);
        server.createContext(path, this::handle);
        server.start();
    }

    /** The address clients scrape, e.g. {@code 127.0.3.7:4191}. */
    public String address() {
        InetSocketAddress a = server.getAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    public void setPage(Supplier<Page> page) {
        this.page = page;
    }

    /** Makes the endpoint answer with this HTTP status (e.g. 503) instead of the page; 200 restores it. */
    public void setStatus(int status) {
        this.status = status;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            int st = status;
            if (st != 200) {
                ex.sendResponseHeaders(st, -1);
                return;
            }
            Page p = page.get();
            byte[] body = p.body();
            String ae = ex.getRequestHeaders().getFirst("Accept-Encoding");
            if (ae != null && ae.contains("gzip")) {
                body = Gzip.fast(body);
                ex.getResponseHeaders().set("Content-Encoding", "gzip");
            }
            ex.getResponseHeaders().set("Content-Type", p.contentType());
            ex.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
