package io.meshlens.service;

import java.net.InetSocketAddress;

/** A listen address as the Collector writes it: {@code host:port}; an empty host means every interface. */
public record HostPort(String host, int port) {
    /** Parses {@code host:port} ({@code [v6]:port} too); throws IllegalArgumentException with the reason. */
    public static HostPort parse(String s) {
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("invalid endpoint \"" + s + "\": expected host:port");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid endpoint \"" + s + "\": port must be a number");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("invalid endpoint \"" + s + "\": port must be 0-65535");
        }
        return new HostPort(host, port);
    }

    /** The socket address to bind; unresolved names are resolved here. */
    public InetSocketAddress toSocketAddress() {
        return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
