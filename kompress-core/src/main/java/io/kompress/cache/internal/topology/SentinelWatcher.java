package io.kompress.cache.internal.topology;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.RedisEndpoint;
import io.kompress.cache.config.SentinelOptions;
import io.kompress.cache.internal.time.TimeSource;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.internal.util.OutageLog;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Asks Redis Sentinel for the primary and the usable replicas of one master name, every
 * {@link SentinelOptions#pollInterval()} and at once when the primary fails, and hands changes to the
 * topology. A replica is usable when Sentinel flags it neither down nor disconnected and its link to the
 * primary is ok. Sentinels are tried in turn, starting with the last one that answered; one WARN when none
 * answers, one INFO when one does again.
 */
final class SentinelWatcher implements AutoCloseable {

    private final List<RedisEndpoint> sentinels;
    private final String master;
    private final DefaultJedisClientConfig clientConfig;
    private final BiPredicate<RedisEndpoint, List<RedisEndpoint>> onChange;
    private final Rediscovery rediscovery;
    private final OutageLog outage = new OutageLog("Redis Sentinel queries");
    private final Object lock = new Object();
    private volatile boolean closed;
    private int current;
    private Jedis connection; // guarded by lock
    private boolean unknownMasterWarned;

    SentinelWatcher(KompressConfig config, BiPredicate<RedisEndpoint, List<RedisEndpoint>> onChange,
                    TimeSource time) {
        SentinelOptions options = (SentinelOptions) config.deployment();
        this.sentinels = options.nodes();
        this.master = options.master();
        this.clientConfig = Node.clientConfig(config, options.auth().orElse(null));
        this.onChange = onChange;
        this.rediscovery = new Rediscovery("kompress-sentinel", options.pollInterval().toMillis(), this::refresh,
            time);
    }

    /** Asks once now (so that a reachable Sentinel makes the first call work), then every poll interval. */
    void start() {
        rediscovery.start();
    }

    /** Asks as soon as possible, without waiting for the next poll; coalesces bursts of requests. */
    void refreshSoon() {
        rediscovery.soon();
    }

    /**
     * Asks the Sentinels in turn and hands an answer to the topology. Runs on the rediscovery thread only (and once on
     * the starting thread before that one exists), so the connection needs no lock while in use; {@link #close()}
     * takes it away under {@link #lock} and closes it, which ends a query in flight at once. The topology is called
     * with no lock held: it takes its own, and a close waiting on either must never wait on the other.
     */
    private void refresh() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < sentinels.size(); attempt++) {
            Jedis j = connection();
            if (j == null) {
                return; // closed
            }
            Answer answer;
            try {
                answer = ask(j);
            } catch (RuntimeException e) {
                last = e;
                disconnect(j);
                current = (current + 1) % sentinels.size();
                continue;
            }
            outage.succeeded();
            if (answer != null && !closed) {
                onChange.test(answer.primary(), answer.replicas());
            }
            return;
        }
        if (!closed) {
            outage.failed("keeping the last known primary and replicas",
                new IllegalStateException("no Sentinel of " + sentinels + " answered: "
                    + Failures.reason(Failures.classify(last), last, clientConfig.getSocketTimeoutMillis())));
        }
    }

    /** What one Sentinel reported: the primary and the usable replicas, sorted. */
    private record Answer(RedisEndpoint primary, List<RedisEndpoint> replicas) {
    }

    private Answer ask(Jedis j) {
        List<String> address = j.sentinelGetMasterAddrByName(master);
        if (address == null || address.size() < 2) {
            if (!unknownMasterWarned) {
                unknownMasterWarned = true;
                Log.LOG.warn("Redis Sentinel {} does not know a master named '{}' (REDIS_SENTINEL_MASTER); "
                    + "calls fail until it does", sentinels.get(current), master);
            }
            return null;
        }
        unknownMasterWarned = false;
        RedisEndpoint primary = new RedisEndpoint(address.get(0), Integer.parseInt(address.get(1)));
        List<RedisEndpoint> replicas = new ArrayList<>();
        for (Map<String, String> r : j.sentinelReplicas(master)) {
            if (usable(r)) {
                RedisEndpoint e = new RedisEndpoint(r.get("ip"), Integer.parseInt(r.get("port")));
                if (!e.equals(primary)) {
                    replicas.add(e);
                }
            }
        }
        replicas.sort(Comparator.comparing(RedisEndpoint::toString));
        return new Answer(primary, List.copyOf(replicas));
    }

    private static boolean usable(Map<String, String> replica) {
        String flags = replica.getOrDefault("flags", "");
        return !flags.contains("s_down") && !flags.contains("o_down") && !flags.contains("disconnected")
            && "ok".equals(replica.get("master-link-status"));
    }

    /** The open connection to the current Sentinel (opened lazily, outside the lock), or null once closed. */
    private Jedis connection() {
        synchronized (lock) {
            if (closed) {
                return null;
            }
            if (connection != null) {
                return connection;
            }
        }
        RedisEndpoint s = sentinels.get(current);
        Jedis opened = new Jedis(new HostAndPort(s.host(), s.port()), clientConfig);
        synchronized (lock) {
            if (!closed) {
                connection = opened;
                return opened;
            }
        }
        closeQuietly(opened);
        return null;
    }

    private void disconnect(Jedis j) {
        synchronized (lock) {
            if (connection == j) {
                connection = null;
            }
        }
        closeQuietly(j);
    }

    private static void closeQuietly(Jedis j) {
        try {
            j.close();
        } catch (RuntimeException ignored) {
            // already broken
        }
    }

    /**
     * Stops polling and closes the connection, ending a query in flight; never waits for a poll to finish, so it
     * cannot wait on whatever the poll is waiting for.
     */
    @Override
    public void close() {
        Jedis open;
        synchronized (lock) {
            closed = true;
            open = connection;
            connection = null;
        }
        rediscovery.close();
        if (open != null) {
            closeQuietly(open);
        }
    }
}
