package io.meshlens.http1;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw TCP server for HTTP client tests: accepts connections on a loopback address of its own and
 * answers the n-th request (counted over all connections, from 1) with {@code answer.apply(n, head)}:
 * raw bytes, written in pieces of {@code piece} bytes. A request body announced by Content-Length
 * is read and kept in {@link #bodies}. An answer ending in {@link #HANG} is followed by silence;
 * {@link #CLOSE} closes the connection after the answer.
 */
public final class RawHttpServer implements AutoCloseable {
    public static final String CLOSE = "<close>";
    public static final String HANG = "<hang>";

    /** The answer to the n-th request. */
    public interface Answer {
        byte[] apply(int n, String requestHead);
    }

    public final ServerSocket socket;
    public final List<String> requests = new CopyOnWriteArrayList<>();
    public final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    public final AtomicInteger accepted = new AtomicInteger();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Answer answer;
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final int piece;

    public RawHttpServer(String ip, Answer answer, int piece) throws IOException {
        this.answer = answer;
        this.piece = piece;
        socket = new ServerSocket(0, 50, InetAddress.getByName(ip));
        threads.add(Thread.ofVirtual().start(this::acceptLoop));
    }

    public String url(String pathAndQuery) {
        return "http://" + socket.getInetAddress().getHostAddress() + ":" + socket.getLocalPort() + pathAndQuery;
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = socket.accept();
                accepted.incrementAndGet();
                open.add(s);
                threads.add(Thread.ofVirtual().start(() -> serve(s)));
            }
        } catch (IOException closed) {
            // server closed
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                bodies.add(in.readNBytes(contentLength(head)));
                requests.add(head);
                String a = new String(answer.apply(requests.size(), head), StandardCharsets.ISO_8859_1);
                boolean close = a.endsWith(CLOSE);
                boolean hang = a.endsWith(HANG);
                byte[] bytes = a.replace(CLOSE, "").replace(HANG, "").getBytes(StandardCharsets.ISO_8859_1);
                for (int i = 0; i < bytes.length; i += piece) {
                    out.write(bytes, i, Math.min(piece, bytes.length - i));
                    out.flush();
                }
                if (hang) {
                    Thread.sleep(60_000);
                }
                if (close) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // client went away
        }
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            if (b.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                return b.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
        for (Socket s : open) {
            s.close();
        }
        threads.forEach(Thread::interrupt);
    }
}
