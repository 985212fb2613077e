package io.meshlens.scrape;

import java.net.URI;
import java.net.http.HttpClient;

/**
 * The HTTP clients of one scrape job: each target is pinned by its address to one of up to
 * {@link #SHARDS} clients, created on first use from one builder (same TLS, redirects, HTTP version).
 *
 * <p>Why not one client per job: the JDK client keeps its idle connections in a single list that is
 * searched linearly whenever a connection is taken from or returned to the pool. With 1,000 targets
 * kept alive on one client that search was ~22% of the whole process's CPU (JFR, docs/performance.md,
 * "Side-by-side"); 16 clients cut the lists 16-fold for 16 selector threads. Not one client per target:
 * each client owns a platform selector thread.
 */
public final class HttpClientShards implements AutoCloseable {
    static final int SHARDS = 16;

    private final HttpClient.Builder builder;
    private final HttpClient[] clients;

    public HttpClientShards(HttpClient.Builder builder) {
        this.builder = builder;
        this.clients = new HttpClient[SHARDS];
    }

    /** A single client for every target (tools and tests that scrape a handful of pages). */
    public static HttpClientShards of(HttpClient client) {
        HttpClientShards s = new HttpClientShards(null);
        java.util.Arrays.fill(s.clients, client);
        return s;
    }

    /** The client of the target at {@code url}: always the same one for the same host and port. */
    public HttpClient forTarget(URI url) {
        int i = Math.floorMod(String.valueOf(url.getRawAuthority()).hashCode(), SHARDS);
        HttpClient c = clients[i];
        if (c == null) {
            synchronized (this) {
                c = clients[i];
                if (c == null) {
                    c = builder.build();
                    clients[i] = c;
                }
            }
        }
        return c;
    }

    /** Stops the clients this instance created (in-flight requests fail). */
    @Override
    public synchronized void close() {
        if (builder == null) {
            return;
        }
        for (int i = 0; i < clients.length; i++) {
            if (clients[i] != null) {
                clients[i].shutdownNow();
                clients[i] = null;
            }
        }
    }
}
