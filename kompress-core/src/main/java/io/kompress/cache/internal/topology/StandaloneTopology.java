package io.kompress.cache.internal.topology;

import io.kompress.cache.RedisCall;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.RedisEndpoint;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Errors;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.observability.NodeHealth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One primary and any number of replicas, as configured by {@code REDIS_HOST}/{@code REDIS_PORT} and
 * {@code REDIS_REPLICAS_HOST_PORT}.
 *
 * <p>Reads go to a healthy replica chosen by {@link ReplicaChooser} (lowest latency by default). A replica that times
 * out, refuses or drops the connection is taken out of rotation at once and the same read is retried on the primary, so
 * the caller sees the value, not the error; a {@link Prober} brings the replica back when it answers PING again. After
 * a timeout the other replicas are checked too before they take reads again. With no healthy replica the primary serves
 * reads. Writes always go to the primary. When it times out or cannot be reached it is marked down and calls for it
 * fail fast with a 503 (there is nobody to fail over to) until a probe, every {@code probeInitialDelay}, finds it
 * answering: a paused or unreachable primary must not hold every caller's thread for a full timeout. A broken
 * connection is first retried once, for idempotent calls, on a fresh connection, so that a primary restart or an
 * idle-connection reaper does not open the breaker.
 *
 * <p>Errors that are the command's fault (for example {@code WRONGTYPE}) are not failed over: another node
 * would answer the same. Neither is saturation: a caller that waited in line a whole timeout for a pooled
 * connection gets a 503 for its call, but the node is not marked down, since being busy says nothing about it.
 */
class StandaloneTopology implements Topology {

    /** The nodes calls are routed to; replaced as a whole when Sentinel reports a change. */
    private record Members(Node primary, Node[] replicas) {
    }

    /** Shortest interval between two rediscoveries asked for by failing calls. */
    static final long REDISCOVER_MILLIS = 100;

    private final KompressConfig config;
    private final CallEvents events;
    private final boolean clusterReplicas;
    private final Prober prober;
    private final long timeoutMs;
    private final long timeoutNanos;
    private final TimeSource time;
    private final ReplicaChooser chooser;
    /** Guards the swap of {@link #members} against {@link #close()}; held for no call, I/O or callback. */
    private final Object membersLock = new Object();
    private volatile Members members;
    private volatile boolean closed;

    /** A topology whose nodes are not known yet ({@code primary} null) or come from elsewhere (Sentinel). */
    StandaloneTopology(KompressConfig config, CallEvents events, TimeSource time, RedisEndpoint primary,
                       List<RedisEndpoint> replicas) {
        this(config, events, time, primary, replicas, false);
    }

    /** A topology whose replicas are cluster replicas, reached over {@code READONLY} connections. */
    StandaloneTopology(KompressConfig config, CallEvents events, TimeSource time, RedisEndpoint primary,
                       List<RedisEndpoint> replicas, boolean clusterReplicas) {
        this.time = time;
        this.config = config;
        this.events = events;
        this.clusterReplicas = clusterReplicas;
        this.timeoutMs = config.timeout().toMillis();
        this.timeoutNanos = config.timeout().toNanos();
        this.chooser = new ReplicaChooser(config.replicaReads(), time);
        this.prober = new Prober(config.probeInitialDelay(), config.probeMaxDelay(), config.timeout(), time,
            () -> members.primary);
        this.members = new Members(primary == null ? null : new Node(primary, "primary", config, false,
            !clusterReplicas, events, time),
            replicas.stream().map(r -> new Node(r, "replica", config, clusterReplicas, !clusterReplicas, events,
                time))
                .toArray(Node[]::new));
    }

    /**
     * Routes calls to new nodes, keeping the pools of nodes whose address and role did not change and closing
     * the others once no call can pick them any more. Only the swap happens under the lock; closing the old nodes,
     * telling the near cache and logging happen after it, so no other component is called while it is held.
     *
     * @return true when anything changed
     */
    boolean update(RedisEndpoint primary, List<RedisEndpoint> replicas) {
        Map<String, Node> dropped;
        synchronized (membersLock) {
            Members old = members;
            if (closed || (old.primary != null && old.primary.endpoint().equals(primary)
                && Arrays.stream(old.replicas).map(Node::endpoint).toList().equals(replicas))) {
                return false;
            }
            dropped = new HashMap<>();
            if (old.primary != null) {
                dropped.put("primary " + old.primary.endpoint(), old.primary);
            }
            for (Node r : old.replicas) {
                dropped.put("replica " + r.endpoint(), r);
            }
            Node newPrimary = reuse(dropped, "primary", primary);
            Node[] newReplicas = replicas.stream().map(r -> reuse(dropped, "replica", r)).toArray(Node[]::new);
            members = new Members(newPrimary, newReplicas);
        }
        dropped.values().forEach(Node::close); // nodes no longer routed to
        events.trackingLost("topology", "the nodes serving reads changed");
        Log.LOG.info("Redis topology: primary {}, replicas {}", primary, replicas);
        return true;
    }

    private Node reuse(Map<String, Node> reusable, String role, RedisEndpoint endpoint) {
        Node n = reusable.remove(role + " " + endpoint);
        return n != null ? n : new Node(endpoint, role, config, clusterReplicas && "replica".equals(role),
            !clusterReplicas, events, time);
    }

    @Override
    public <R> R write(String operation, String key, boolean idempotent, RedisCall<R> call) {
        return onPrimary(operation, key, idempotent, call);
    }

    @Override
    public <R> R readPrimary(String operation, String key, RedisCall<R> call) {
        return onPrimary(operation, key, true, call);
    }

    @Override
    public <R> R read(String operation, String key, RedisCall<R> call) {
        Members m = members;
        Node replica = chooser.pick(m.replicas);
        for (int attempt = 1; replica != null; attempt++) {
            try {
                return run(operation, key, replica, call);
            } catch (JedisException e) {
                Failures.Kind kind = Failures.classify(e);
                if (!kind.isNodeFailure()) {
                    throw Failures.map(operation, replica.name(), timeoutMs, e, kind);
                }
                if (attempt == 1 && Failures.isBrokenConnection(e, kind)) {
                    // A reset connection says nothing about the node: try it once more on a fresh connection.
                    Log.LOG.debug("{} {} hit a broken connection to {}; retrying once", operation, key, replica);
                    replica.dropIdleConnections();
                    continue;
                }
                markDown(replica, kind, e);
                if (kind == Failures.Kind.TIMEOUT) {
                    suspectOtherReplicas(m.replicas, replica);
                }
                events.failedOver(key, replica.name());
                Log.LOG.debug("{} {} failed on {} ({}); retrying on the primary", operation, key, replica, kind);
                break;
            }
        }
        return onPrimary(operation, key, true, call);
    }

    private <R> R onPrimary(String operation, String key, boolean idempotent, RedisCall<R> call) {
        Node primary = members.primary;
        if (primary == null) {
            throw Errors.unavailable(operation, "unknown", "no primary known yet", null);
        }
        if (!primary.isHealthy()) {
            primaryFailed();
            throw Errors.unavailable(operation, primary.name(),
                "primary is down (" + primary.downReason() + "); failing fast until a health probe reaches it", null);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return run(operation, key, primary, call);
            } catch (JedisException e) {
                Failures.Kind kind = Failures.classify(e);
                if (attempt == 1 && idempotent && Failures.isBrokenConnection(e, kind)) {
                    // A restart or an idle-connection reaper: the pooled connections are stale, the node may be fine.
                    Log.LOG.debug("{} {} hit a broken connection to {}; retrying once", operation, key, primary);
                    primary.dropIdleConnections();
                    continue;
                }
                if (kind.isNodeFailure()) {
                    markDown(primary, kind, e);
                    primaryFailed();
                }
                throw Failures.map(operation, primary.name(), timeoutMs, e, kind);
            }
        }
    }

    /**
     * Runs {@code call} on {@code node}: waits in line for one of its connections (at most the timeout; a caller
     * still waiting then gets a 503 and the node stays in rotation), then times the reply for the replica choice.
     * A {@link FieldRead} that waits may instead ride along with the caller ahead of it, or, handed a connection,
     * take the reads queued behind it along in one pipeline ({@link FairPermits}); a rider's failure is thrown
     * here as the Redis client threw it, so it fails over or retries like any other call.
     */
    @SuppressWarnings("unchecked") // a FieldRead is a RedisCall<List<byte[]>>, so R is List<byte[]>
    private <R> R run(String operation, String key, Node node, RedisCall<R> call) {
        List<FairPermits.Turn> riders = List.of();
        if (!node.tryEnter()) {
            long waitStart = time.nanoTime();
            FairPermits.Turn turn;
            try {
                turn = node.enter(call instanceof FieldRead read ? read : null, timeoutNanos);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw Errors.unavailable(operation, node.name(),
                    "interrupted while waiting for a pooled connection", e);
            }
            try {
                events.poolWaited(key, node.name(), time.nanoTime() - waitStart, turn != null);
            } catch (RuntimeException | Error e) { // a listener's failure must not strand the riders
                if (turn != null && !turn.rode()) {
                    node.handBack(turn);
                }
                throw e;
            }
            if (turn == null) {
                throw Errors.saturated(operation, node.name(), Failures.saturated(timeoutMs));
            }
            if (turn.rode()) {
                R reply = (R) turn.reply();
                served(operation, key, node, node.isReplica(), turn.servedNanos());
                return reply;
            }
            riders = turn.riders();
        }
        NodeLatency latency = node.latency();
        latency.begin();
        long start = time.nanoTime();
        try {
            R result = riders.isEmpty() ? call.apply(node.client())
                : (R) CombinedReads.send(node.client(), (FieldRead) call, riders, time);
            served(operation, key, node, node.isReplica(), time.nanoTime() - start);
            return result;
        } finally {
            long end = time.nanoTime();
            latency.end(end - start, end);
            node.exit();
        }
    }

    /** Takes a node out of rotation; the first caller to do so starts probing it. */
    private void markDown(Node node, Failures.Kind kind, JedisException e) {
        if (node.markDown(Failures.reason(kind, e, timeoutMs))) {
            prober.watch(node);
        }
    }

    /**
     * A replica timing out often means a host or network problem that others share, and each paused replica
     * would cost a request a full timeout. So the other replicas leave the rotation until a background PING
     * (one round trip for a healthy one) puts them back; meanwhile the primary serves reads.
     */
    private void suspectOtherReplicas(Node[] replicas, Node failed) {
        for (Node other : replicas) {
            if (other != failed && other.suspect()) {
                prober.checkNow(other);
            }
        }
    }

    /**
     * Called after the primary failed, and on each call failed fast while it is down; a topology that can
     * discover a new primary (Sentinel, Cluster) looks for one, at most every {@link #REDISCOVER_MILLIS}.
     */
    void primaryFailed() {
    }

    private void served(String operation, String key, Node node, boolean replica, long nanos) {
        events.served(key, operation, replica, nanos);
        if (Log.LOG.isDebugEnabled()) {
            Log.LOG.debug("{} {} on {}: {} us", operation, key, node, nanos / 1000);
        }
    }

    @Override
    public boolean tracks(String key) {
        Members m = members;
        boolean all = m.primary != null && m.primary.tracks(key);
        for (Node r : m.replicas) {
            if (r.isHealthy()) {
                all &= r.tracks(key); // not short-circuited: every node starts its stream at once
            }
        }
        return all;
    }

    @Override
    public int fieldStreams() {
        Members m = members;
        int n = m.primary != null && "fields".equals(m.primary.nearInvalidation()) ? 1 : 0;
        for (Node r : m.replicas) {
            if ("fields".equals(r.nearInvalidation())) {
                n++;
            }
        }
        return n;
    }

    @Override
    public List<NodeHealth> health() {
        Members m = members;
        List<NodeHealth> out = new ArrayList<>();
        if (m.primary != null) {
            out.add(m.primary.health());
        }
        for (Node r : m.replicas) {
            out.add(r.health());
        }
        return out;
    }

    /** Marks the topology closed (an update after this changes nothing), then closes the prober and the nodes. */
    @Override
    public void close() {
        Members m;
        synchronized (membersLock) {
            closed = true;
            m = members;
        }
        prober.close();
        for (Node r : m.replicas) {
            r.close();
        }
        if (m.primary != null) {
            m.primary.close();
        }
    }
}
