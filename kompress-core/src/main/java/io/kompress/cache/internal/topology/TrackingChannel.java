package io.kompress.cache.internal.topology;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.internal.time.Scheduler;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Log;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;

/**
 * One node's invalidation stream for the near cache: a connection with {@code CLIENT TRACKING on BCAST}
 * redirected to itself and subscribed to {@code __redis__:invalidate} (RESP2, so Redis 6.0 and newer), which
 * the node uses to report every write, deletion, expiry and flush of the hash keys registered with it, whoever
 * made them.
 *
 * <p>The stream is either live (every key in {@link TrackingPrefixes} is reported) or not. Anything that can lose a
 * report reports {@link CallEvents#trackingLost} before another caller could rely on the stream: the connection
 * failing or closing, a null invalidation (a flush or full resync), a heartbeat {@code PING} not answered within the
 * timeout. The connection is then opened again in the background, and the stream is live once Redis has confirmed
 * the tracking and the subscription.
 *
 * <p>A new key is added by opening a second connection tracking all keys and switching to it before closing the
 * first, so no write goes unreported in between (RESP2 accepts no {@code CLIENT TRACKING} while subscribed).
 *
 * <p>Outside Cluster the stream reports writes per field when the node allows it (see {@link WriteAttribution}):
 * the node must send keyspace events. When it refuses to ({@code CONFIG} forbidden or disabled), the stream falls
 * back to whole keys, reported once ({@link CallEvents#fieldInvalidationRefused}); while live in field mode the
 * heartbeat also checks that the setting is still on, and loses the stream when someone turned it off.
 */
final class TrackingChannel implements AutoCloseable, TrackingConnection.Receiver {

    static final String CHANNEL = "__redis__:invalidate";

    private final String node;
    private final HostAndPort address;
    private final DefaultJedisClientConfig clientConfig;
    private final CallEvents events;
    private final TimeSource time;
    private final long timeoutNanos;
    private final long heartbeatNanos;
    private final long retryNanos;
    private final long maxRetryNanos;
    private long nextRetryNanos;
    private final Scheduler scheduler;
    private final TrackingPrefixes prefixes = new TrackingPrefixes();
    private final Object lock = new Object();
    private volatile TrackingConnection live;
    private volatile boolean closed;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final boolean fieldCapable;
    private final Supplier<String> keyspaceSetting;
    private volatile boolean fieldRefused;

    /**
     * The stream of {@code node}, opened when a key is first registered.
     *
     * @param fieldCapable    whether writes may be reported per field on this node (not in Cluster)
     * @param keyspaceSetting reads the node's {@code notify-keyspace-events} on another connection, for the
     *                        heartbeat's check
     */
    TrackingChannel(Node node, KompressConfig config, CallEvents events, TimeSource time, boolean fieldCapable,
                    Supplier<String> keyspaceSetting) {
        this.fieldCapable = fieldCapable;
        this.keyspaceSetting = keyspaceSetting;
        this.node = node.toString();
        this.address = new HostAndPort(node.endpoint().host(), node.endpoint().port());
        this.clientConfig = Node.clientConfig(config, config.auth().orElse(null));
        this.events = events;
        this.time = time;
        this.timeoutNanos = config.timeout().toNanos();
        this.heartbeatNanos = config.nearCache().heartbeat().toNanos();
        this.retryNanos = config.probeInitialDelay().toNanos();
        this.maxRetryNanos = config.probeMaxDelay().toNanos();
        this.nextRetryNanos = retryNanos;
        this.scheduler = time.newScheduler("kompress-tracking " + node.name());
        scheduler.schedule(this::heartbeat, heartbeatNanos);
    }

    /**
     * Whether the node reports every change of {@code key} now; when not, starts making it so in the
     * background (never blocks the caller).
     */
    boolean covers(String key) {
        TrackingConnection c = live;
        if (c != null && c.covers(key)) {
            return true;
        }
        if (prefixes.add(key) || c == null) {
            reconnectSoon();
        }
        return false;
    }

    /** Whether the stream is live, for tests and health. */
    boolean isLive() {
        return live != null;
    }

    /** How the live stream reports writes: {@code "fields"}, {@code "keys"}, or null when it is not live. */
    String granularity() {
        TrackingConnection c = live;
        return c == null ? null : c.fieldMode() ? "fields" : "keys";
    }

    private void reconnectSoon() {
        if (!closed && connecting.compareAndSet(false, true)
            && !scheduler.schedule(this::connect, 0)) {
            connecting.set(false);
        }
    }

    /** Opens a connection tracking every registered key; once Redis confirms, it replaces the live one. */
    private void connect() {
        Set<String> wanted = prefixes.all();
        TrackingConnection next = null;
        try {
            next = new TrackingConnection(address, clientConfig, wanted, fieldCapable && !fieldRefused);
            try {
                next.start(this, this::failed);
            } catch (TrackingConnection.FieldModeRefused e) {
                fieldRefused = true;
                events.fieldInvalidationRefused(node, e.getMessage());
                next = new TrackingConnection(address, clientConfig, wanted, false);
                next.start(this, this::failed);
            }
            synchronized (lock) {
                if (closed) {
                    next.close();
                    return;
                }
                TrackingConnection old = live;
                live = next;
                if (old != null) {
                    old.retire();
                }
            }
            Log.LOG.debug("Invalidation stream of {} tracks {}", node, wanted);
            nextRetryNanos = retryNanos;
            connecting.set(false);
            if (!prefixes.all().equals(wanted)) {
                reconnectSoon(); // a key was added meanwhile
            }
        } catch (RuntimeException e) {
            if (next != null) {
                next.retire();
            }
            connecting.set(false);
            Log.LOG.debug("Could not open the invalidation stream of {}: {}", node, e.toString());
            long delay = nextRetryNanos;
            nextRetryNanos = Math.min(delay * 2, maxRetryNanos);
            if (!closed && connecting.compareAndSet(false, true) && !scheduler.schedule(this::connect, delay)) {
                connecting.set(false);
            }
        }
    }

    /** One message from a live connection: an invalidation, a flush (null keys) or a heartbeat answer. */
    @Override
    public void received(TrackingConnection from, List<byte[]> keys) {
        if (keys == null) {
            lose(from, "the node flushed its data or resynchronised");
            return;
        }
        for (byte[] k : keys) {
            events.invalidated(new String(k, StandardCharsets.UTF_8));
        }
    }

    @Override
    public void fields(TrackingConnection from, String key, String stamp, List<String> fields) {
        events.fieldsWritten(node, key, stamp, fields);
    }

    private void failed(TrackingConnection from, String why) {
        lose(from, why);
    }

    /** The stream of {@code from} can have missed a report: flush, and open it again. */
    private void lose(TrackingConnection from, String why) {
        synchronized (lock) {
            if (live != from) {
                return; // a retired connection: its successor was live before it closed
            }
            live = null;
        }
        from.retire();
        events.trackingLost(node, why);
        if (!closed) {
            Log.LOG.debug("Invalidation stream of {} lost ({}); reconnecting", node, why);
            reconnectSoon();
        }
    }

    /** Sends a PING on the live connection; one that did not answer the last within the timeout is lost. */
    private void heartbeat() {
        TrackingConnection c = live;
        if (c != null) {
            long now = time.nanoTime();
            if (c.unansweredSince() != 0 && now - c.unansweredSince() > timeoutNanos) {
                lose(c, "no answer to a heartbeat PING within " + timeoutNanos / 1_000_000 + " ms");
            } else if (c.fieldMode() && !keyspaceEventsOn()) {
                lose(c, KeyspaceEvents.SETTING + " was turned off");
            } else if (c.unansweredSince() == 0) {
                try {
                    c.ping(now);
                } catch (RuntimeException e) {
                    lose(c, "heartbeat PING failed: " + e);
                }
            }
        }
        if (!closed) {
            scheduler.schedule(this::heartbeat, Math.min(heartbeatNanos, Math.max(timeoutNanos / 2, 1)));
        }
    }

    /** Whether the node still sends every keyspace event; true when it cannot be asked now (the PING decides). */
    private boolean keyspaceEventsOn() {
        try {
            return KeyspaceEvents.complete(keyspaceSetting.get());
        } catch (RuntimeException e) {
            return true;
        }
    }

    @Override
    public void close() {
        TrackingConnection c;
        synchronized (lock) {
            closed = true;
            c = live;
            live = null;
        }
        scheduler.close();
        if (c != null) {
            c.retire();
        }
    }

    @Override
    public String toString() {
        return "invalidation stream of " + node;
    }

}
