package io.kompress.cache.internal.topology;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.RedisAuth;
import io.kompress.cache.config.RedisEndpoint;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.observability.NodeHealth;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.providers.PooledConnectionProvider;

/**
 * One Redis server: its pooled client, its role and whether it is currently believed healthy.
 *
 * <p>A node is healthy, suspect (out of rotation while a background PING checks it, because another replica
 * just timed out) or down. Going down and coming back are logged once per transition (one WARN, one INFO),
 * never per request; suspicion that a PING clears is not logged at all. When a node goes down its idle
 * connections are dropped, so that after a restart no call trips over a connection to the dead process.
 */
final class Node implements AutoCloseable {

    private final RedisEndpoint endpoint;
    private final String role;
    private final String name;
    private final RedisClient client;
    private final StampedConnections connections;
    /** Health states; only {@link #HEALTHY} nodes take requests. */
    enum Health { HEALTHY, SUSPECT, DOWN }

    private final AtomicReference<Health> health = new AtomicReference<>(Health.HEALTHY);
    private final NodeLatency latency = new NodeLatency();
    /**
     * One permit per pooled connection, handed out first come, first served: callers queue here (parking, which
     * does not pin a virtual thread) rather than inside the pool, whose unfair hand-off let some wait far beyond
     * the timeout while others came and went. See {@link FairPermits} for why not a {@code Semaphore}.
     */
    private final FairPermits permits;
    private volatile String downReason = "";
    private volatile boolean closed;
    private final KompressConfig config;
    private final CallEvents events;
    private final TimeSource time;
    /** The near cache's invalidation stream from this node, opened when a near-cached read first needs it. */
    private volatile TrackingChannel tracking;
    /** Whether its invalidation stream may report writes per field (not in Cluster: see WriteAttribution). */
    private final boolean fieldStreams;

    /**
     * A node; {@code clusterReplica} sends {@code READONLY} on each connection, so a cluster replica serves reads.
     * {@code events} hears of invalidations and of this node entering or leaving the rotation.
     */
    Node(RedisEndpoint endpoint, String role, KompressConfig config, boolean clusterReplica, boolean fieldStreams,
         CallEvents events, TimeSource time) {
        this.fieldStreams = fieldStreams;
        this.config = config;
        this.events = events;
        this.time = time;
        this.endpoint = endpoint;
        this.role = role;
        this.name = endpoint.toString();
        this.permits = new FairPermits(config.poolSize());
        DefaultJedisClientConfig clientConfig = clientConfig(config, config.auth().orElse(null));
        if (clusterReplica) {
            clientConfig = DefaultJedisClientConfig.builder().from(clientConfig).readOnlyForRedisClusterReplicas()
                .build();
        }
        this.connections = new StampedConnections(new HostAndPort(endpoint.host(), endpoint.port()), clientConfig);
        this.client = RedisClient.builder()
            .connectionProvider(new PooledConnectionProvider(connections, poolConfig(config)))
            .build();
    }

    /** Timeouts, credentials and TLS of a connection; also used for Sentinel connections. */
    static DefaultJedisClientConfig clientConfig(KompressConfig config, RedisAuth auth) {
        int ms = (int) config.timeout().toMillis();
        DefaultJedisClientConfig.Builder b = DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(ms).socketTimeoutMillis(ms);
        if (auth != null) {
            b.user(auth.username()).password(auth.password());
        }
        config.tls().ifPresent(t -> b.ssl(true).sslSocketFactory(t.socketFactory()).sslParameters(t.parameters()));
        return b.build();
    }

    /**
     * The pool behind the permits. The permits ({@code poolSize}) bound the calls in flight; the pool may open up to
     * twice as many connections, so a caller holding a permit never waits inside it. It would otherwise: health probes
     * and replica-readiness checks borrow outside the permits, and after a reset a connection being closed still
     * counts against the pool's total while no longer usable, and the pool wakes no waiter when the close ends. A
     * reset storm measured that as a 503 "client saturated" with a permit free of contention
     * ({@code FaultMatrixTest} "connections reset", about one run in five on a busy machine). At most
     * {@code poolSize} connections stay idle.
     */
    private static ConnectionPoolConfig poolConfig(KompressConfig config) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(2 * config.poolSize());
        pool.setMaxIdle(config.poolSize());
        pool.setMinIdle(0);
        pool.setMaxWait(config.timeout());
        pool.setBlockWhenExhausted(true);
        pool.setFairness(true);
        pool.setTestOnBorrow(true); // StampedConnections: a stamp check, no round trip
        pool.setJmxEnabled(false);
        return pool;
    }

    UnifiedJedis client() {
        return client;
    }

    NodeLatency latency() {
        return latency;
    }

    /** Takes a connection permit if one is free now, without waiting. */
    boolean tryEnter() {
        return permits.tryAcquire();
    }

    /**
     * Waits in line for a connection permit or, carrying {@code read}, for a caller ahead to send it along with its
     * own; see {@link FairPermits#acquire(FieldRead, long)}.
     *
     * @return the caller's turn, or null when no permit came free within {@code nanos}
     * @throws InterruptedException when the thread is interrupted while waiting in line
     */
    FairPermits.@Nullable Turn enter(@Nullable FieldRead read, long nanos) throws InterruptedException {
        return permits.acquire(read, nanos);
    }

    /** Returns a permit granted with riders that will not be sent, putting the riders back in line first. */
    void handBack(FairPermits.Turn granted) {
        permits.handBack(granted);
    }

    /** Returns a permit taken by {@link #tryEnter()} or {@link #enter(FieldRead, long)}. */
    void exit() {
        permits.release();
    }

    /** How many callers are waiting in line for a connection permit (an estimate). */
    int waiting() {
        return permits.waiting();
    }

    String name() {
        return name;
    }

    String role() {
        return role;
    }

    RedisEndpoint endpoint() {
        return endpoint;
    }

    boolean isHealthy() {
        return health.get() == Health.HEALTHY;
    }

    /**
     * Records a node failure.
     *
     * @param why short description for the log
     * @return true when the node was healthy until now, so the caller must start probing it (a suspect
     *         node is already being probed)
     */
    boolean markDown(String why) {
        downReason = why;
        dropIdleConnections();
        Health previous = health.getAndSet(Health.DOWN);
        if (previous == Health.HEALTHY) {
            rotationChanged("left the rotation: " + why);
        }
        if (previous != Health.DOWN) {
            Log.LOG.warn("Redis {} {} is down ({}); {}", role, name, why,
                isReplica() ? "reads go to other nodes until it answers again"
                    : "calls fail fast until it answers again");
        }
        return previous == Health.HEALTHY;
    }

    /**
     * Takes a healthy node out of rotation until a PING confirms it, without logging.
     *
     * @return true when the node was healthy, so the caller must probe it now
     */
    boolean suspect() {
        boolean was = health.compareAndSet(Health.HEALTHY, Health.SUSPECT);
        if (was) {
            rotationChanged("left the rotation while a probe checks it");
        }
        return was;
    }

    /** Records that the node answered; logs INFO only if it had been reported down. */
    void markUp() {
        Health previous = health.getAndSet(Health.HEALTHY);
        if (previous != Health.HEALTHY) {
            latency.reset(); // measured before the failure: says nothing about the node now
            rotationChanged("rejoined the rotation");
        }
        if (previous == Health.DOWN) {
            Log.LOG.info("Redis {} {} is back", role, name);
        }
    }

    /**
     * Checks whether the node can take requests again: it must answer PING (a loading replica, or one that
     * refuses stale reads, answers {@code LOADING} / {@code MASTERDOWN} instead, which the client throws), and a
     * replica must also hold its primary's data and have caught up with it, see {@link ReplicaState}.
     *
     * @param primary   the primary to compare a replica's replication offset with, or null
     * @param catchUpTo the offset a previous probe found this replica behind, which it is compared with instead of
     *                  the primary's current one; -1 for none
     * @return the readiness
     */
    Readiness readiness(@Nullable Node primary, long catchUpTo) {
        client.ping();
        if (!isReplica()) {
            return Readiness.READY;
        }
        long primaryOffset = catchUpTo;
        if (primaryOffset < 0 && primary != null) {
            try {
                primaryOffset = ReplicaState.primaryOffset(primary.client().info("replication"));
            } catch (RuntimeException e) {
                Log.LOG.debug("Primary {} did not give its replication offset; {} rejoins on its own state", primary,
                    this);
            }
        }
        return ReplicaState.parse(client.info("replication")).readiness(client::dbSize, primaryOffset);
    }

    /** This node as a health endpoint reports it. */
    NodeHealth health() {
        Health h = health.get();
        double avg = latency.averageNanos();
        String reason = switch (h) {
            case HEALTHY -> null;
            case SUSPECT -> "out of rotation while a probe checks it (another replica timed out)";
            case DOWN -> downReason;
        };
        return new NodeHealth(name, role, h != Health.DOWN, h == Health.HEALTHY,
            avg < 0 ? -1 : (long) (avg / 1000), permits.waiting(), reason, nearInvalidation());
    }

    /** Why the node was last marked down, for fail-fast messages. */
    String downReason() {
        return downReason;
    }

    boolean isReplica() {
        return "replica".equals(role);
    }

    /**
     * Refuses every connection opened so far (a call found one broken: they are likely all broken after a restart
     * or a network failure) and closes the idle ones now; those in use are closed when next borrowed.
     */
    void dropIdleConnections() {
        connections.broke();
        try {
            client.getPool().clear();
        } catch (RuntimeException e) {
            Log.LOG.debug("Could not clear idle connections of {}", name, e);
        }
    }

    /**
     * Whether this node reports every change of {@code key} to the near cache now; starts setting that up when
     * not (see {@link TrackingChannel}).
     */
    boolean tracks(String key) {
        TrackingChannel t = tracking;
        if (t == null) {
            synchronized (this) {
                if (closed) {
                    return false;
                }
                t = tracking;
                if (t == null) {
                    t = new TrackingChannel(this, config, events, time, fieldStreams, this::keyspaceSetting);
                    tracking = t;
                }
            }
        }
        return t.covers(key);
    }

    /** The node's {@code notify-keyspace-events}, read over a pooled connection. */
    private String keyspaceSetting() {
        return KeyspaceEvents.value(client.sendCommand(Protocol.Command.CONFIG, "GET", KeyspaceEvents.SETTING));
    }

    /** How the node's invalidation stream reports writes now: "fields", "keys", or null when it has none live. */
    String nearInvalidation() {
        TrackingChannel t = tracking;
        return t == null ? null : t.granularity();
    }

    /** Near-cache entries read while the set of nodes serving reads was different cannot be trusted. */
    private void rotationChanged(String what) {
        events.trackingLost(toString(), what);
    }

    /** Whether the node was closed (dropped from the topology, or the cache closed): no more probing. */
    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        TrackingChannel t;
        synchronized (this) {
            closed = true;
            t = tracking;
        }
        if (t != null) {
            t.close();
        }
        client.close();
    }

    @Override
    public String toString() {
        return role + " " + name;
    }
}
