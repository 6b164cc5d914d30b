package io.kompress.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on 127.0.0.1 in front of one server that can add latency to every reply, like a slow network
 * path or an overloaded host: each chunk the server sends is held for the current delay before it is passed on.
 * Requests pass at once. The delay can be changed while connections are open; {@link #close()} drops them all.
 */
public final class DelayProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long delayMillis;
    private volatile boolean closed;
    private final Object gate = new Object();
    private boolean holding; // guarded by gate
    private int held; // replies waiting at the gate; guarded by gate

    private DelayProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), FreePorts.next()));
        Thread accept = new Thread(this::acceptLoop, "delay-proxy-" + port());
        accept.setDaemon(true);
        accept.start();
    }

    /**
     * Starts a proxy to {@code 127.0.0.1:targetPort} with no delay.
     *
     * @param targetPort the server's port
     * @return the proxy
     */
    public static DelayProxy to(int targetPort) {
        try {
            return new DelayProxy(targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the proxy's port", e);
        }
    }

    /**
     * The port clients connect to.
     *
     * @return the port
     */
    public int port() {
        return listener.getLocalPort();
    }

    /**
     * The proxy's address as {@code 127.0.0.1:port}.
     *
     * @return the address
     */
    public String address() {
        return "127.0.0.1:" + port();
    }

    /**
     * Sets the delay added to every reply from now on.
     *
     * @param millis the delay; 0 passes replies at once
     */
    public void delay(long millis) {
        this.delayMillis = millis;
    }

    /**
     * Holds every reply from now on at the proxy, as a server that has read a request but not answered yet: the
     * client's call is then in flight for as long as the test wants, which lets a test act at exactly that moment.
     */
    public void holdReplies() {
        synchronized (gate) {
            holding = true;
        }
    }

    /** Passes the held replies on, and every later one at once. */
    public void releaseReplies() {
        synchronized (gate) {
            holding = false;
            gate.notifyAll();
        }
    }

    /**
     * Waits until a reply is held at the proxy, that is, a client's call is in flight.
     *
     * @param timeout how long to wait at most
     * @return true when a reply is held
     * @throws InterruptedException when interrupted
     */
    public boolean awaitHeldReply(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (gate) {
            while (held == 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(gate, left);
            }
            return true;
        }
    }

    private void passGate() throws InterruptedException {
        synchronized (gate) {
            if (!holding) {
                return;
            }
            held++;
            gate.notifyAll();
            try {
                while (holding && !closed) {
                    gate.wait(100);
                }
            } finally {
                held--;
            }
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, false);
                pump(server, client, true);
            } catch (IOException e) {
                if (!closed) {
                    continue; // the target refused: the client sees its connection closed
                }
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean delayed) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    long d = delayMillis;
                    if (delayed && d > 0) {
                        Thread.sleep(d);
                    }
                    if (delayed) {
                        passGate();
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // one side closed: close both below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "delay-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        closed = true;
        releaseReplies();
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        sockets.forEach(DelayProxy::closeQuietly);
    }
}
