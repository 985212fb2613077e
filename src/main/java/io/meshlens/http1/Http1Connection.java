package io.meshlens.http1;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One HTTP/1.1 client connection on a blocking socket, kept alive from one exchange to the next as
 * Go's transport keeps an idle connection. Used where meshlens makes the same request over and over
 * to one server: a target's scrapes ({@code scrape.TargetConnection}) and remote-write pushes
 * ({@code remotewrite.RemoteWriteClient}). Not thread-safe: one exchange at a time.
 *
 * <p>Why not the JDK's {@code HttpClient}: it hands every exchange between a selector thread, a
 * worker pool and the caller through chains of futures, and searches a shared idle-connection
 * list; with 1,000 Linkerd targets that machinery took ~45% of the whole process's CPU, and on the
 * remote-write side ~10% for five pushes a second (docs/performance.md). Here an exchange is one or
 * two writes and a few reads on the caller's thread, the body read straight into the caller's
 * buffer. On a virtual thread, an interrupt closes the socket and ends a blocked read at once.
 *
 * <p>Handles what metrics endpoints and remote-write receivers answer with: {@code Content-Length},
 * chunked and close-delimited bodies, interim 1xx responses, {@code Connection: close} and
 * HTTP/1.0. A reused connection the server closed while idle is reopened and the request sent once
 * more, as Go does when no byte of an answer was read. Protocol errors are {@link Http1Exception}s
 * worded as Go's net/http words them; the caller prefixes the method and URL. TLS is not handled
 * here.
 */
public final class Http1Connection implements AutoCloseable {
    /** Longest response head accepted (Go's default limit is 10 MB; metrics endpoints send ~200 B). */
    public static final int HEAD_LIMIT = 1 << 20;
    /** Read size when a body's length is not known beforehand. */
    public static final int READ_CHUNK = 16 * 1024;
    private static final byte[] GZIP = bytes("gzip");
    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");
    private static final byte[] CONTENT_LENGTH = bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");
    private static final byte[] CONTENT_ENCODING = bytes("content-encoding");
    private static final byte[] CONNECTION = bytes("connection");
    private static final byte[] CONTENT_TYPE = bytes("content-type");
    private static final byte[] NONE = new byte[0];

    /** Where a response body goes: a growable buffer, or a window that its owner empties as it fills. */
    public interface Sink {
        /**
         * The buffer, with room after {@link #length()} for {@code n} more bytes, or at least
         * {@code min(n, READ_CHUNK)} for a sink that processes what it holds as it arrives.
         */
        byte[] ensure(int n);

        /** Bytes in the buffer, from offset 0. */
        int length();

        void advance(int n);

        /** Bytes received since the body began, including those a windowed sink has processed already. */
        default long received() {
            return length();
        }
    }

    /** The body grew past the caller's limit. */
    public static final class TooLarge extends Http1Exception {
        TooLarge(long limit) {
            super("body larger than " + limit + " bytes");
        }
    }

    private final String host;
    private final int port;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private long deadline;
    private int connects;
    /** Read-ahead: response heads, chunk-size lines, and body bytes that came with them. */
    private byte[] buf = new byte[512];
    private int pos;
    private int lim;
    /** Where the line {@link #readLine} returned starts. */
    private int lineStart;
    /** The last response's Content-Type, kept so an unchanged one costs no new String. */
    private byte[] contentTypeBytes = NONE;
    private String contentType = "";

    // The response being read.
    private int status;
    private boolean http11;
    private boolean connectionClose;
    private boolean gzip;
    private boolean chunked;
    private long contentLength;

    public Http1Connection(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /**
     * Sends a request and reads the response head (skipping interim 1xx responses); the body is
     * next, read it with {@link #readBody}.
     *
     * @param head the request line and headers with the blank line that ends them
     * @param body the request body (null for none); its Content-Length is in {@code head}
     * @param deadlineNanos {@link System#nanoTime} by which the whole exchange, body included, must be done
     * @throws SocketTimeoutException when the deadline passes
     * @throws EOFException when the server closed the connection before answering
     * @throws Http1Exception for a malformed answer
     */
    public void exchange(byte[] head, byte[] body, int bodyLength, long deadlineNanos) throws IOException {
        this.deadline = deadlineNanos;
        boolean reused = socket != null;
        if (!reused) {
            connect();
        }
        pos = 0; // whatever an earlier answer left unread is not part of this one
        lim = 0;
        try {
            send(head, body, bodyLength);
            readHead();
        } catch (EOFException | SocketException e) {
            // The server closed the idle connection (EOF before any byte, reset, broken pipe): a
            // fresh connection gets the request once more. Not after a timeout, nor after part of a
            // head, nor when an interrupt closed the socket.
            if (!reused || lim > 0 || Thread.currentThread().isInterrupted()) {
                throw e;
            }
            close();
            connect();
            send(head, body, bodyLength);
            readHead();
        }
    }

    public int status() {
        return status;
    }

    /** Whether the body is gzip-encoded ({@code Content-Encoding: gzip}). */
    public boolean gzip() {
        return gzip;
    }

    /** The stated body length; -1 when chunked or delimited by the close. */
    public long contentLength() {
        return contentLength;
    }

    /** The response's Content-Type, "" when it had none. */
    public String contentType() {
        return contentType;
    }

    /** Whether the connection can carry the next exchange once this body is read (else close it). */
    public boolean reusable() {
        return socket != null && !connectionClose && http11 && (chunked || contentLength >= 0 || bodiless());
    }

    /** Connections opened so far (for tests: keep-alive means one for many exchanges). */
    public int connects() {
        return connects;
    }

    public boolean isOpen() {
        return socket != null;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to do with it
            }
            socket = null;
            in = null;
            out = null;
        }
        pos = 0;
        lim = 0;
    }

    private void send(byte[] head, byte[] body, int bodyLength) throws IOException {
        out.write(head);
        if (body != null && bodyLength > 0) {
            out.write(body, 0, bodyLength);
        }
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(host, port), remainingMillis());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        socket = s;
        in = s.getInputStream();
        out = s.getOutputStream();
        pos = 0;
        lim = 0;
        connects++;
    }

    /** Reads status line and headers, skipping interim (1xx) responses; leaves {@code pos} at the body. */
    private void readHead() throws IOException {
        do {
            int end;
            int scanned = pos;
            while ((end = headEnd(scanned)) < 0) {
                int resume = Math.max(pos, lim - 2) - pos; // relative: fill moves the unread bytes
                if (!fill()) {
                    if (lim == 0) {
                        throw new EOFException("EOF");
                    }
                    throw new Http1Exception("unexpected EOF");
                }
                scanned = pos + resume;
            }
            parseHead(pos, end);
            pos = end;
        } while (status >= 100 && status < 200 && status != 101);
    }

    /** The index after the blank line that ends the head starting at {@code pos}, or -1. */
    private int headEnd(int from) {
        for (int i = Math.max(from, pos); i < lim; i++) {
            if (buf[i] == '\n') {
                if (i + 1 < lim && buf[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < lim && buf[i + 1] == '\r' && buf[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    private void parseHead(int start, int end) throws Http1Exception {
        int eol = lineEnd(start, end);
        // "HTTP/1.1 200 OK"
        if (eol - start < 12 || !startsWith(start, "HTTP/1.") || buf[start + 8] != ' '
                || !digit(start + 9) || !digit(start + 10) || !digit(start + 11)
                || (eol - start > 12 && buf[start + 12] != ' ')) {
            throw new Http1Exception("net/http: HTTP/1.x transport connection broken: malformed HTTP response \""
                    + ascii(start, trimCr(start, eol)) + "\"");
        }
        http11 = buf[start + 7] != '0';
        status = (buf[start + 9] - '0') * 100 + (buf[start + 10] - '0') * 10 + (buf[start + 11] - '0');
        connectionClose = false;
        gzip = false;
        chunked = false;
        contentLength = -1;
        String type = null;
        for (int line = eol + 1; line < end; line = eol + 1) {
            eol = lineEnd(line, end);
            int stop = trimCr(line, eol);
            int colon = indexOf(line, stop, (byte) ':');
            if (colon < 0) {
                continue; // the blank line that ends the head, or a line Go would also reject; skipped
            }
            int v = colon + 1;
            while (v < stop && (buf[v] == ' ' || buf[v] == '\t')) {
                v++;
            }
            int ve = stop;
            while (ve > v && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                ve--;
            }
            if (equalsIgnoreCase(line, colon, CONTENT_LENGTH)) {
                contentLength = contentLength(v, ve);
            } else if (equalsIgnoreCase(line, colon, TRANSFER_ENCODING)) {
                if (!endsWithToken(v, ve, CHUNKED)) {
                    throw new Http1Exception("net/http: unsupported transfer encoding: \"" + ascii(v, ve) + "\"");
                }
                chunked = true;
            } else if (equalsIgnoreCase(line, colon, CONTENT_ENCODING)) {
                gzip = equalsIgnoreCase(v, ve, GZIP);
            } else if (equalsIgnoreCase(line, colon, CONNECTION)) {
                connectionClose = containsToken(v, ve, CLOSE);
            } else if (equalsIgnoreCase(line, colon, CONTENT_TYPE)) {
                type = contentType(v, ve);
            }
        }
        contentType = type == null ? "" : type;
        if (type == null) {
            contentTypeBytes = NONE;
        }
        if (chunked) {
            contentLength = -1; // RFC 9112 6.3: Transfer-Encoding overrides Content-Length
        }
    }

    /**
     * Reads the body as framed into {@code dst}.
     *
     * @param limit bytes allowed in {@code dst}, 0 for no limit
     * @throws TooLarge past the limit (the connection is then mid-body: close it)
     */
    public void readBody(Sink dst, long limit) throws IOException {
        if (bodiless()) {
            return;
        }
        if (chunked) {
            while (true) {
                long size = chunkSize();
                if (size == 0) {
                    while (readLine() > 0) {
                        // trailer fields: not used
                    }
                    return;
                }
                copy(dst, size, limit);
                if (readLine() != 0) {
                    throw malformedChunk();
                }
            }
        } else if (contentLength >= 0) {
            copy(dst, contentLength, limit);
        } else {
            copy(dst, Long.MAX_VALUE, limit);
        }
    }

    /** Statuses whose answers never have a body, whatever their headers say (RFC 9112 6.3). */
    private boolean bodiless() {
        return status == 204 || status == 304;
    }

    /** Moves {@code n} body bytes (to EOF when {@code n} is Long.MAX_VALUE) into {@code dst}. */
    private void copy(Sink dst, long n, long limit) throws IOException {
        boolean toEof = n == Long.MAX_VALUE;
        int buffered = (int) Math.min(n, lim - pos);
        while (buffered > 0) {
            byte[] a = dst.ensure(buffered);
            int k = Math.min(buffered, a.length - dst.length());
            System.arraycopy(buf, pos, a, dst.length(), k);
            dst.advance(k);
            pos += k;
            n -= k;
            buffered -= k;
            checkLimit(dst, limit);
        }
        while (n > 0) {
            // A stated length is made room for at once (no growth copies), up to 4 MB at a time so a
            // bogus Content-Length cannot make a huge array before a byte has arrived.
            byte[] a = dst.ensure((int) Math.min(n, toEof ? READ_CHUNK : 1 << 22));
            int room = (int) Math.min(n, a.length - dst.length());
            socket.setSoTimeout(remainingMillis());
            int r = in.read(a, dst.length(), room);
            if (r < 0) {
                if (toEof) {
                    return;
                }
                throw new Http1Exception("unexpected EOF");
            }
            dst.advance(r);
            n -= r;
            checkLimit(dst, limit);
        }
    }

    private static void checkLimit(Sink dst, long limit) throws TooLarge {
        if (limit > 0 && dst.received() > limit) {
            throw new TooLarge(limit);
        }
    }

    /** A chunk-size line: hex digits, optional extensions after ';'. */
    private long chunkSize() throws IOException {
        int len = readLine();
        int start = lineStart;
        int i = start;
        long size = 0;
        int digits = 0;
        for (; i < start + len; i++) {
            int d = Character.digit(buf[i], 16);
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                throw malformedChunk();
            }
            size = size * 16 + d;
        }
        while (i < start + len && (buf[i] == ' ' || buf[i] == '\t')) {
            i++;
        }
        if (digits == 0 || (i < start + len && buf[i] != ';')) {
            throw malformedChunk();
        }
        return size;
    }

    /**
     * Consumes one line from the read-ahead (filling it as needed) and returns its length without
     * the line ending; the line starts at {@link #lineStart} until the next read.
     */
    private int readLine() throws IOException {
        int scanned = pos;
        while (true) {
            for (int i = scanned; i < lim; i++) {
                if (buf[i] == '\n') {
                    lineStart = pos;
                    pos = i + 1;
                    return trimCr(lineStart, i) - lineStart;
                }
            }
            scanned = lim;
            int before = pos;
            if (!fill()) {
                throw new Http1Exception("unexpected EOF");
            }
            scanned -= before - pos; // fill may have moved the unread bytes to the front
        }
    }

    /**
     * Reads more into the read-ahead, first moving unread bytes to the front and growing it when
     * full. Returns false at EOF.
     */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            if (buf.length >= HEAD_LIMIT) {
                throw new Http1Exception("net/http: server response headers exceeded " + HEAD_LIMIT
                        + " bytes; aborted");
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        socket.setSoTimeout(remainingMillis());
        int r = in.read(buf, lim, buf.length - lim);
        if (r < 0) {
            return false;
        }
        lim += r;
        return true;
    }

    private int remainingMillis() throws SocketTimeoutException {
        long ms = (deadline - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new SocketTimeoutException();
        }
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    private static Http1Exception malformedChunk() {
        return new Http1Exception("malformed chunked encoding");
    }

    private long contentLength(int v, int ve) throws Http1Exception {
        long n = 0;
        if (v == ve || ve - v > 18) {
            throw badContentLength(v, ve);
        }
        for (int i = v; i < ve; i++) {
            if (!digit(i)) {
                throw badContentLength(v, ve);
            }
            n = n * 10 + (buf[i] - '0');
        }
        if (contentLength >= 0 && contentLength != n) {
            throw new Http1Exception("net/http: message cannot contain multiple Content-Length headers");
        }
        return n;
    }

    private Http1Exception badContentLength(int v, int ve) {
        return new Http1Exception("net/http: bad Content-Length \"" + ascii(v, ve) + "\"");
    }

    private String contentType(int v, int ve) {
        int n = ve - v;
        if (n != contentTypeBytes.length || !Arrays.equals(buf, v, ve, contentTypeBytes, 0, n)) {
            contentTypeBytes = Arrays.copyOfRange(buf, v, ve);
            contentType = new String(contentTypeBytes, StandardCharsets.ISO_8859_1);
        }
        return contentType;
    }

    private int lineEnd(int from, int end) {
        for (int i = from; i < end; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return end;
    }

    private int trimCr(int start, int eol) {
        return eol > start && buf[eol - 1] == '\r' ? eol - 1 : eol;
    }

    private int indexOf(int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private boolean digit(int i) {
        return buf[i] >= '0' && buf[i] <= '9';
    }

    private boolean startsWith(int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            if (buf[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code buf[v, ve)} is {@code lower} (lower-case ASCII) in any letter case. */
    private boolean equalsIgnoreCase(int v, int ve, byte[] lower) {
        if (ve - v != lower.length) {
            return false;
        }
        for (int i = 0; i < lower.length; i++) {
            byte b = buf[v + i];
            byte l = lower[i];
            if (b != l && !(l >= 'a' && l <= 'z' && b == l - ('a' - 'A'))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Whether the comma-separated list in {@code buf[v, ve)} ends with {@code token} (the final coding). */
    private boolean endsWithToken(int v, int ve, byte[] token) {
        int comma = ve;
        while (comma > v && buf[comma - 1] != ',') {
            comma--;
        }
        int s = comma;
        while (s < ve && (buf[s] == ' ' || buf[s] == '\t')) {
            s++;
        }
        return equalsIgnoreCase(s, ve, token);
    }

    /** Whether the comma-separated list in {@code buf[v, ve)} holds {@code token}. */
    private boolean containsToken(int v, int ve, byte[] token) {
        int s = v;
        while (s < ve) {
            int e = s;
            while (e < ve && buf[e] != ',') {
                e++;
            }
            int a = s;
            int b = e;
            while (a < b && (buf[a] == ' ' || buf[a] == '\t')) {
                a++;
            }
            while (b > a && (buf[b - 1] == ' ' || buf[b - 1] == '\t')) {
                b--;
            }
            if (equalsIgnoreCase(a, b, token)) {
                return true;
            }
            s = e + 1;
        }
        return false;
    }

    private String ascii(int from, int to) {
        return new String(buf, from, Math.min(to, from + 200) - from, StandardCharsets.ISO_8859_1);
    }
}
