package io.kompress.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A primary with replicas, all real {@code redis-server} processes on loopback, replicating with the
 * diskless sync delay at 0 so that a group is ready in well under a second.
 *
 * <pre>{@code
 * try (RedisGroup redis = RedisGroup.start(2)) {
 *     redis.primary().port();           // write here
 *     redis.replica(0).pause();         // SIGSTOP a replica
 *     redis.awaitReplication();         // WAIT until replicas have every write
 * }
 * }</pre>
 */
public final class RedisGroup implements AutoCloseable {

    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(20);

    private final RedisProcess primary;
    private final List<RedisProcess> replicas;

    private RedisGroup(RedisProcess primary, List<RedisProcess> replicas) {
        this.primary = primary;
        this.replicas = replicas;
    }

    /**
     * Starts a primary and {@code replicaCount} replicas and waits until every replica is in sync.
     *
     * @param replicaCount number of replicas, 0 or more
     * @return the running group
     */
    public static RedisGroup start(int replicaCount) {
        return start(replicaCount, List.of());
    }

    /**
     * Starts a primary and {@code replicaCount} replicas with further replica arguments, and waits until every
     * replica is in sync.
     *
     * @param replicaCount number of replicas, 0 or more
     * @param replicaArgs  further {@code redis-server} arguments for each replica, such as
     *                     {@code --replica-serve-stale-data no}
     * @return the running group
     */
    public static RedisGroup start(int replicaCount, List<String> replicaArgs) {
        RedisProcess primary = RedisProcess.start();
        List<RedisProcess> replicas = new ArrayList<>();
        try {
            for (int i = 0; i < replicaCount; i++) {
                List<String> args = new ArrayList<>(List.of("--replicaof", primary.host(),
                    String.valueOf(primary.port())));
                args.addAll(replicaArgs);
                replicas.add(RedisProcess.start(FreePorts.next(), args));
            }
            RedisGroup group = new RedisGroup(primary, replicas);
            group.awaitReplicasInSync();
            return group;
        } catch (RuntimeException e) {
            replicas.forEach(RedisProcess::close);
            primary.close();
            throw e;
        }
    }

    /**
     * The primary.
     *
     * @return the primary's process
     */
    public RedisProcess primary() {
        return primary;
    }

    /**
     * A replica.
     *
     * @param index 0-based
     * @return the replica's process
     */
    public RedisProcess replica(int index) {
        return replicas.get(index);
    }

    /**
     * All replicas, in start order.
     *
     * @return an unmodifiable list
     */
    public List<RedisProcess> replicas() {
        return List.copyOf(replicas);
    }

    /**
     * The replicas in {@code REDIS_REPLICAS_HOST_PORT} form.
     *
     * @return {@code 127.0.0.1:p1,127.0.0.1:p2}
     */
    public String replicasHostPort() {
        return replicas.stream().map(RedisProcess::address).collect(Collectors.joining(","));
    }

    /**
     * Waits until every running, unpaused replica reports {@code master_link_status:up} and the primary
     * counts them as connected.
     */
    public void awaitReplicasInSync() {
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        for (RedisProcess r : replicas) {
            while (!r.info("replication").contains("master_link_status:up")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(r + " did not sync with " + primary + " within " + SYNC_TIMEOUT
                        + ":\n" + r.logTail());
                }
                RedisProcess.sleep(20);
            }
        }
        awaitReplication();
    }

    /**
     * Blocks until every running, unpaused replica has applied every write the primary has taken so far.
     * Compares offsets from {@code INFO replication} rather than using {@code WAIT}, which only counts the
     * calling connection's own writes.
     */
    public void awaitReplication() {
        long target = offset(primary, "master_repl_offset:");
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        for (RedisProcess r : replicas) {
            if (!r.isAlive() || r.isPaused()) {
                continue;
            }
            while (offset(r, "slave_repl_offset:") < target) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(r + " did not reach replication offset " + target + " within "
                        + SYNC_TIMEOUT);
                }
                RedisProcess.sleep(5);
            }
        }
    }

    private static long offset(RedisProcess node, String field) {
        for (String line : node.info("replication").split("\r?\n")) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.substring(field.length()).trim());
            }
        }
        return -1;
    }

    /** Stops every process of the group. */
    @Override
    public void close() {
        for (RedisProcess r : replicas) {
            r.close();
        }
        primary.close();
    }

    @Override
    public String toString() {
        return "primary " + primary.address() + ", replicas " + replicasHostPort();
    }
}
