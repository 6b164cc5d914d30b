package io.kompress.cache.config;

import java.util.Objects;

/**
 * A Redis server address: host and port. Immutable; validated on creation.
 *
 * <p>{@link #parse(String)} reads the {@code host:port} form used by {@code REDIS_REPLICAS_HOST_PORT},
 * including bracketed IPv6 such as {@code [::1]:6380}.
 *
 * @param host a host name or IP address, without brackets
 * @param port a TCP port, 1 to 65535
 */
public record RedisEndpoint(String host, int port) {

    /**
     * Validates the address.
     *
     * @param host a host name or IP address, without brackets
     * @param port a TCP port, 1 to 65535
     * @throws IllegalArgumentException when the host is blank or contains spaces or commas, or the port is
     *                                  outside 1..65535
     */
    public RedisEndpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || host.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',')) {
            throw new IllegalArgumentException("Redis host must be a non-blank name or address, got '" + host + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Redis port must be between 1 and 65535, got " + port);
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}; surrounding spaces are trimmed.
     *
     * @param text the address
     * @return the endpoint
     * @throws IllegalArgumentException when the text is empty, has no port, an unbracketed IPv6 address, or a
     *                                  port that is not a number in 1..65535
     */
    public static RedisEndpoint parse(String text) {
        String s = Objects.requireNonNull(text, "text").trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("empty address, expected host:port");
        }
        String host;
        String port;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 1 >= s.length() || s.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + s + "' is not [ipv6]:port");
            }
            host = s.substring(1, close);
            port = s.substring(close + 2);
        } else {
            int colon = s.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("'" + s + "' has no port, expected host:port");
            }
            if (s.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + s + "' looks like an IPv6 address: write it as [addr]:port");
            }
            host = s.substring(0, colon);
            port = s.substring(colon + 1);
        }
        return new RedisEndpoint(host.trim(), parsePort(port.trim(), s));
    }

    private static int parsePort(String port, String whole) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + whole + "' has a port that is not a number: '" + port + "'", e);
        }
    }

    /**
     * The address as {@code host:port}, with IPv6 hosts in brackets.
     *
     * @return the address
     */
    @Override
    public String toString() {
        return host.indexOf(':') >= 0 ? "[" + host + "]:" + port : host + ":" + port;
    }
}
