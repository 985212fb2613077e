package io.meshlens.testing;

import com.sun.net.httpserver.HttpServer;
import io.meshlens.remotewrite.proto.WriteRequest;
import org.xerial.snappy.Snappy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1 that answers remote-write POSTs with scripted statuses (then
 * 200) and records every request with its headers and decoded body: for delivery semantics
 * (retries, drops, headers), not for backend behaviour (the e2e tests use real backends).
 */
public final class RemoteWriteRecordingServer implements AutoCloseable {
    /** One request as received. */
    public record Received(int status, Map<String, List<String>> headers, WriteRequest body) {
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Integer> script = new ConcurrentLinkedQueue<>();
    private volatile int defaultStatus = 200;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger attempts = new AtomicInteger();

    public RemoteWriteRecordingServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/write", ex -> {
            try (InputStream in = ex.getRequestBody()) {
                byte[] raw = in.readAllBytes();
                attempts.incrementAndGet();
                Integer s = script.poll();
                int status = s == null ? defaultStatus : s;
                WriteRequest wr = WriteRequest.parseFrom(Snappy.uncompress(raw));
                received.add(new Received(status, Map.copyOf(ex.getRequestHeaders()), wr));
                byte[] msg = status >= 300 ? ("scripted " + status).getBytes() : new byte[0];
                ex.sendResponseHeaders(status, msg.length == 0 ? -1 : msg.length);
                if (msg.length > 0) {
                    ex.getResponseBody().write(msg);
                }
            } finally {
                ex.close();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/write";
    }

    /** The next responses, in order; afterwards {@link #answerAlways}'s status. */
    public RemoteWriteRecordingServer script(Integer... statuses) {
        script.addAll(List.of(statuses));
        return this;
    }

    public RemoteWriteRecordingServer answerAlways(int status) {
        defaultStatus = status;
        return this;
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    /** Requests answered 2xx. */
    public List<WriteRequest> accepted() {
        return received.stream().filter(r -> r.status() / 100 == 2).map(Received::body).toList();
    }

    public int attempts() {
        return attempts.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
