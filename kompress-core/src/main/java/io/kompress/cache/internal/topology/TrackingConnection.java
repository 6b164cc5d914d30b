package io.kompress.cache.internal.topology;

import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.SafeEncoder;

/**
 * One connection of a {@link TrackingChannel}: {@code CLIENT ID}, {@code CLIENT TRACKING on REDIRECT <own id>
 * BCAST PREFIX …}, {@code SUBSCRIBE __redis__:invalidate}, then a daemon thread reading the messages.
 * Heartbeat {@code PING}s are written by the channel's scheduler thread; their answers arrive on the reader.
 */
final class TrackingConnection extends Connection {

    /** Receives invalidated keys, or null for "everything". */
    interface Receiver {
        void received(TrackingConnection from, List<byte[]> keys);
    }

    private final Set<String> keys;
    private volatile boolean retired;
    /** {@link io.kompress.cache.internal.time.TimeSource#nanoTime()} of the unanswered PING, 0 when none. */
    private volatile long unansweredSince;

    TrackingConnection(HostAndPort address, DefaultJedisClientConfig config, Set<String> keys) {
        super(address, config);
        this.keys = keys;
    }

    /** Sets up tracking and the subscription (each confirmed by Redis), then starts the reader thread. */
    void start(Receiver receiver, BiConsumer<TrackingConnection, String> failed) {
        try {
            long id = (Long) executeCommand(new CommandArguments(Protocol.Command.CLIENT).add("ID"));
            CommandArguments tracking = new CommandArguments(Protocol.Command.CLIENT).add("TRACKING").add("on")
                .add("REDIRECT").add(id).add("BCAST");
            for (String p : TrackingPrefixes.minimal(keys)) {
                tracking.add("PREFIX").add(p);
            }
            executeCommand(tracking);
            sendCommand(Protocol.Command.SUBSCRIBE, TrackingChannel.CHANNEL);
            Object reply = getOne();
            if (!(reply instanceof List<?> l) || l.size() < 2 || !"subscribe".equals(text(l.get(0)))) {
                throw new JedisDataException("unexpected answer to SUBSCRIBE: " + reply);
            }
            setTimeoutInfinite();
        } catch (RuntimeException e) {
            retire();
            throw e;
        }
        Thread reader = new Thread(() -> read(receiver, failed), "kompress-tracking-reader " + this);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(Receiver receiver, BiConsumer<TrackingConnection, String> failed) {
        try {
            while (!retired) {
                Object message = getUnflushedObject();
                if (message instanceof List<?> l && l.size() >= 2) {
                    String kind = text(l.get(0));
                    if ("pong".equals(kind)) {
                        unansweredSince = 0;
                    } else if ("message".equals(kind) && l.size() >= 3) {
                        receiver.received(this, keysOf(l.get(2)));
                    }
                }
            }
        } catch (RuntimeException e) {
            if (!retired) {
                failed.accept(this, "connection lost: " + e.getMessage());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<byte[]> keysOf(Object payload) {
        if (payload == null) {
            return null;
        }
        if (payload instanceof byte[] one) {
            return List.of(one);
        }
        return (List<byte[]>) payload;
    }

    private static String text(Object o) {
        return o instanceof byte[] b ? SafeEncoder.encode(b) : String.valueOf(o);
    }

    /** Whether this connection was set up tracking {@code key}. */
    boolean covers(String key) {
        return keys.contains(key);
    }

    /** Sends a heartbeat PING, noting when. */
    void ping(long nanoTime) {
        unansweredSince = nanoTime == 0 ? 1 : nanoTime;
        sendCommand(Protocol.Command.PING);
        flush();
    }

    /** When the outstanding PING was sent, or 0. */
    long unansweredSince() {
        return unansweredSince;
    }

    /** Closes the connection on purpose: its reader stops without reporting a loss. */
    void retire() {
        retired = true;
        try {
            disconnect();
        } catch (RuntimeException e) {
            // already broken: nothing to release
        }
    }
}
