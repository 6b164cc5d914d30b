package io.kompress.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out free TCP ports on 127.0.0.1, never 6379 and never the same one twice in a JVM, so test servers
 * cannot collide with a developer's own Redis or with each other.
 */
public final class FreePorts {

    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /**
     * A port that was free a moment ago.
     *
     * @return the port
     */
    public static int next() {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                if (port != 6379 && port < 55_000 && GIVEN.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a loopback socket", e);
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }
}
