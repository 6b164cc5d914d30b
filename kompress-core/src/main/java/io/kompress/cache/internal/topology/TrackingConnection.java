package io.kompress.cache.internal.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 *
 * <p>In <em>field</em> mode it makes sure the node sends keyspace events ({@code notify-keyspace-events} with
 * {@code K} and {@code A}, set with {@code CONFIG SET} when missing), tracks only a prefix nobody writes (so that
 * the tracking reports nothing but flushes and resyncs, as a null invalidation) and also subscribes to each key's
 * keyspace channel and write announcements, which a {@link WriteAttribution} reads. In <em>key</em> mode the
 * tracking reports each registered key (by prefix) as a whole.
 */
final class TrackingConnection extends Connection {

    /** A prefix no key has: field mode's tracking reports flushes only. */
    static final String FLUSH_ONLY_PREFIX = "kompress:flush-only:";

    /** Receives invalidated keys, or null for "everything", and attributed writes in field mode. */
    interface Receiver {
        void received(TrackingConnection from, List<byte[]> keys);

        void fields(TrackingConnection from, String key, String stamp, List<String> fields);
    }

    /** The node refused what field mode needs (keyspace events): the stream can work per key only. */
    static final class FieldModeRefused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FieldModeRefused(String message) {
            super(message, null, false, false);
        }
    }

    private final Set<String> keys;
    private final boolean fieldMode;
    private volatile boolean retired;
    /** {@link io.kompress.cache.internal.time.TimeSource#nanoTime()} of the unanswered PING, 0 when none. */
    private volatile long unansweredSince;

    TrackingConnection(HostAndPort address, DefaultJedisClientConfig config, Set<String> keys, boolean fieldMode) {
        super(address, config);
        this.keys = keys;
        this.fieldMode = fieldMode;
    }

    /** Whether this connection reports writes per field. */
    boolean fieldMode() {
        return fieldMode;
    }

    /** Sets up tracking and the subscription (each confirmed by Redis), then starts the reader thread. */
    void start(Receiver receiver, BiConsumer<TrackingConnection, String> failed) {
        try {
            long id = (Long) executeCommand(new CommandArguments(Protocol.Command.CLIENT).add("ID"));
            if (fieldMode) {
                enableKeyspaceEvents();
            }
            CommandArguments tracking = new CommandArguments(Protocol.Command.CLIENT).add("TRACKING").add("on")
                .add("REDIRECT").add(id).add("BCAST");
            for (String p : fieldMode ? List.of(FLUSH_ONLY_PREFIX) : TrackingPrefixes.minimal(keys)) {
                tracking.add("PREFIX").add(p);
            }
            executeCommand(tracking);
            List<String> channels = new ArrayList<>();
            channels.add(TrackingChannel.CHANNEL);
            if (fieldMode) {
                for (String k : keys) {
                    channels.add(WriteAttribution.KEYSPACE_PREFIX + k);
                    channels.add(WriteAttribution.CHANNEL_PREFIX + k);
                }
            }
            sendCommand(Protocol.Command.SUBSCRIBE, channels.toArray(String[]::new));
            for (int i = 0; i < channels.size(); i++) {
                Object reply;
                try {
                    reply = getOne();
                } catch (JedisDataException e) { // an ACL without those channels
                    if (fieldMode) {
                        throw new FieldModeRefused("SUBSCRIBE to keyspace and announcement channels refused: "
                            + e.getMessage());
                    }
                    throw e;
                }
                if (!(reply instanceof List<?> l) || l.size() < 2 || !"subscribe".equals(text(l.get(0)))) {
                    throw new JedisDataException("unexpected answer to SUBSCRIBE: " + reply);
                }
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

    /**
     * Makes sure the node sends keyspace events of every class ({@code K} and {@code A}), adding them to what it
     * sends already.
     *
     * @throws FieldModeRefused when the node refuses {@code CONFIG GET} or {@code CONFIG SET} (managed services,
     *                          ACLs), or does not keep the setting
     */
    private void enableKeyspaceEvents() {
        String now = keyspaceEvents();
        if (KeyspaceEvents.complete(now)) {
            return;
        }
        try {
            executeCommand(new CommandArguments(Protocol.Command.CONFIG).add("SET").add(KeyspaceEvents.SETTING)
                .add(now + KeyspaceEvents.NEEDED));
        } catch (JedisDataException e) {
            throw new FieldModeRefused("CONFIG SET " + KeyspaceEvents.SETTING + " refused: " + e.getMessage());
        }
        String after = keyspaceEvents();
        if (!KeyspaceEvents.complete(after)) {
            throw new FieldModeRefused(KeyspaceEvents.SETTING + " is '" + after + "' after CONFIG SET");
        }
    }

    private String keyspaceEvents() {
        try {
            Object reply = executeCommand(new CommandArguments(Protocol.Command.CONFIG).add("GET")
                .add(KeyspaceEvents.SETTING));
            return KeyspaceEvents.value(reply);
        } catch (JedisDataException e) {
            throw new FieldModeRefused("CONFIG GET " + KeyspaceEvents.SETTING + " refused: " + e.getMessage());
        }
    }

    private void read(Receiver receiver, BiConsumer<TrackingConnection, String> failed) {
        WriteAttribution attribution = fieldMode ? new WriteAttribution(new WriteAttribution.Sink() {
            @Override
            public void wholeKey(String key) {
                receiver.received(TrackingConnection.this, List.of(key.getBytes(StandardCharsets.UTF_8)));
            }

            @Override
            public void fields(String key, String stamp, List<String> fields) {
                receiver.fields(TrackingConnection.this, key, stamp, fields);
            }
        }) : null;
        try {
            while (!retired) {
                Object message = getUnflushedObject();
                if (message instanceof List<?> l && l.size() >= 2) {
                    String kind = text(l.get(0));
                    if ("pong".equals(kind)) {
                        if (attribution != null) {
                            attribution.other();
                        }
                        unansweredSince = 0;
                    } else if ("message".equals(kind) && l.size() >= 3) {
                        String channel = text(l.get(1));
                        if (attribution != null && channel.startsWith(WriteAttribution.KEYSPACE_PREFIX)) {
                            attribution.event(channel.substring(WriteAttribution.KEYSPACE_PREFIX.length()),
                                text(l.get(2)));
                        } else if (attribution != null && channel.startsWith(WriteAttribution.CHANNEL_PREFIX)) {
                            attribution.announcement(channel.substring(WriteAttribution.CHANNEL_PREFIX.length()),
                                l.get(2) instanceof byte[] b ? b : new byte[0]);
                        } else {
                            if (attribution != null) {
                                attribution.other();
                            }
                            receiver.received(this, keysOf(l.get(2)));
                        }
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
