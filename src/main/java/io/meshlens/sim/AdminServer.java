package io.meshlens.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The proxies' admin ports ({@code <pod-ip>:4191}, {@code GET /metrics}) for every pod of the
 * simulation, on virtual threads: one parked acceptor per address and one per open connection,
 * so 5,000 pods cost 5,000 listening sockets and a few carrier threads instead of a
 * {@code com.sun} HttpServer (dispatcher thread + selector fds) each. HTTP/1.1 with keep-alive
 * and gzip on request, which is all a Prometheus-style scraper sends.
 */
final class AdminServer implements AutoCloseable {
    private static final int MAX_HEADER = 16 * 1024;

    private final ServeStats stats;
    private final Map<String, Listener> listeners = new ConcurrentHashMap<>();
    private volatile boolean paused;

    AdminServer(ServeStats stats) {
        this.stats = stats;
    }

    /** Starts serving {@code page} on {@code ip:port}; the page is rendered per request. */
    void bind(String ip, int port, Supplier<byte[]> page) throws IOException {
        Listener old = listeners.remove(ip + ":" + port);
        if (old != null) {
            old.close(); // a pod replaced at the same address
        }
        ServerSocketChannel ch = listen(ip, port);
        Listener l = new Listener(ch, page);
        listeners.put(ip + ":" + port, l);
        l.acceptor = Thread.ofVirtual().name("sim-accept-" + ip).start(l::accept);
    }

    /**
     * A listening channel on {@code ip:port}. A socket just closed while its accept thread was
     * blocked is released only when that thread wakes up (the JDK defers the close), so a pod
     * re-using a deleted pod's address retries for up to a second.
     */
    private static ServerSocketChannel listen(String ip, int port) throws IOException {
        for (int attempt = 0; ; attempt++) {
            ServerSocketChannel ch = ServerSocketChannel.open();
            try {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ch.bind(new InetSocketAddress(ip, port), 512);
                return ch;
            } catch (java.net.BindException e) {
                ch.close();
                if (attempt == 50) {
                    throw new IOException("cannot listen on " + ip + ":" + port + ": " + e.getMessage(), e);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting to listen on " + ip + ":" + port, ie);
                }
            } catch (IOException e) {
                ch.close();
                throw new IOException("cannot listen on " + ip + ":" + port + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * While paused every scrape gets 503 and nothing is served or counted: a load harness pauses
     * the proxies to close an agent's run on an exact count of what it was given.
     */
    void setPaused(boolean paused) {
        this.paused = paused;
    }

    /** Stops listening on {@code ip:port} and drops its open connections (a deleted pod). */
    void unbind(String ip, int port) {
        Listener l = listeners.remove(ip + ":" + port);
        if (l != null) {
            l.close();
        }
    }

    @Override
    public void close() {
        listeners.values().forEach(Listener::close);
        listeners.clear();
    }

    private final class Listener {
        private final ServerSocketChannel channel;
        private final Supplier<byte[]> page;
        private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
        private volatile Thread acceptor;

        Listener(ServerSocketChannel channel, Supplier<byte[]> page) {
            this.channel = channel;
            this.page = page;
        }

        void accept() {
            while (channel.isOpen()) {
                try {
                    SocketChannel c = channel.accept();
                    open.add(c);
                    Thread.ofVirtual().start(() -> serve(c));
                } catch (ClosedChannelException closed) {
                    return;
                } catch (IOException e) {
                    if (!channel.isOpen()) {
                        return;
                    }
                }
            }
        }

        private void serve(SocketChannel c) {
            try (c) {
                ByteBuffer in = ByteBuffer.allocate(MAX_HEADER);
                while (true) {
                    String head = readHead(c, in);
                    if (head == null) {
                        return;
                    }
                    Request r = Request.parse(head);
                    respond(c, r);
                    if (r.close()) {
                        return;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // client went away, or the pod was deleted; nothing to report to anyone
            } finally {
                open.remove(c);
            }
        }

        private void respond(SocketChannel c, Request r) throws IOException {
            if (paused) {
                write(c, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", null);
                return;
            }
            if (!r.method().equals("GET") || !r.path().equals("/metrics")) {
                write(c, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n", null);
                return;
            }
            byte[] page = this.page.get();
            byte[] body = page;
            String enc = "";
            if (r.gzip()) {
                body = Gzip.fast(body);
                enc = "Content-Encoding: gzip\r\n";
            }
            try {
                write(c, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" + enc + "Content-Length: " + body.length
                        + "\r\n\r\n", body);
            } catch (IOException e) {
                stats.aborted(); // the scraper went away (or timed out) before the page was written: not served
                throw e;
            }
            // Counted once written whole, so a harness compares stored samples with what scrapers received.
            stats.record(page);
        }

        private void write(SocketChannel c, String head, byte[] body) throws IOException {
            ByteBuffer[] bufs = body == null
                    ? new ByteBuffer[] {ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII))}
                    : new ByteBuffer[] {ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)), ByteBuffer.wrap(body)};
            while (bufs[bufs.length - 1].hasRemaining()) {
                c.write(bufs);
            }
        }

        void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing a listener cannot fail in a way that matters
            }
            for (SocketChannel c : open) {
                try {
                    c.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
            // The JDK releases a listening socket closed under a blocked accept only when that
            // thread wakes up; until then connections are still accepted. Closed means closed.
            Thread t = acceptor;
            if (t != null) {
                try {
                    t.join(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /**
     * Reads one request head (up to the blank line) from {@code c}, keeping any bytes after it in
     * {@code in} for the next request; {@code null} when the client closed the connection.
     */
    static String readHead(SocketChannel c, ByteBuffer in) throws IOException {
        while (true) {
            int end = headEnd(in);
            if (end >= 0) {
                String head = new String(in.array(), 0, end, StandardCharsets.ISO_8859_1);
                int rest = in.position() - (end + 4);
                System.arraycopy(in.array(), end + 4, in.array(), 0, rest);
                in.position(rest);
                return head;
            }
            if (!in.hasRemaining()) {
                throw new IOException("request head larger than " + MAX_HEADER + " bytes");
            }
            if (c.read(in) < 0) {
                return null;
            }
        }
    }

    private static int headEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 0; i + 3 < in.position(); i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** The parts of a request head the admin port looks at. */
    record Request(String method, String path, boolean gzip, boolean close) {
        static Request parse(String head) {
            String[] lines = head.split("\r\n");
            String[] first = lines[0].split(" ");
            if (first.length < 3) {
                throw new IllegalArgumentException("bad request line: " + lines[0]);
            }
            boolean gzip = false;
            boolean close = first[2].equals("HTTP/1.0");
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim().toLowerCase(java.util.Locale.ROOT);
                if (name.equals("accept-encoding")) {
                    gzip = value.contains("gzip");
                } else if (name.equals("connection")) {
                    close = value.contains("close");
                }
            }
            String path = first[1];
            int q = path.indexOf('?');
            return new Request(first[0], q < 0 ? path : path.substring(0, q), gzip, close);
        }
    }
}
