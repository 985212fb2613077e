package io.meshlens.otlp;

import java.net.InetSocketAddress;

/** Collector-style {@code host:port} endpoints: an empty host ({@code :4317}) binds every interface. */
public final class Endpoints {
    private Endpoints() {
    }

    public static InetSocketAddress parse(String endpoint) {
        String e = endpoint.trim();
        int colon = e.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("endpoint \"" + endpoint + "\" must be host:port");
        }
        String host = e.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(e.substring(colon + 1));
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("endpoint \"" + endpoint + "\" has an invalid port");
        }
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }
}
