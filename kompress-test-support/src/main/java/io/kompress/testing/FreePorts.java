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
 *
 * <p>Surefire runs test classes in several JVMs at once; each names its fork in the system property
 * {@code kompress.test.fork} (1, 2, …) and takes only ports whose residue modulo {@value #CLASSES} is its own, so two
 * forks never hand out the same port. A cluster node's bus port (port + 10 000) stays in the same class.
 */
public final class FreePorts {

    private static final int CLASSES = 4;
    private static final int RESIDUE = residue(System.getProperty("kompress.test.fork"));
    private static final Set<Integer> GIVEN = ConcurrentHashMap.newKeySet();

    private FreePorts() {
    }

    /**
     * A port that was free a moment ago.
     *
     * @return the port
     */
    public static int next() {
        for (int attempt = 0; attempt < 400; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                socket.setReuseAddress(true);
                int port = socket.getLocalPort();
                boolean ours = RESIDUE < 0 || port % CLASSES == RESIDUE;
                if (ours && port != 6379 && port < 55_000 && GIVEN.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a loopback socket", e);
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    private static int residue(String fork) {
        if (fork == null || fork.isBlank() || !fork.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(fork) % CLASSES;
    }
}
