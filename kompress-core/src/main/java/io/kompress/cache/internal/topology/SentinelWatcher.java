package io.kompress.cache.internal.topology;

import io.kompress.cache.KompressConfig;
import io.kompress.cache.RedisEndpoint;
import io.kompress.cache.SentinelOptions;
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
    private int current;
    private Jedis connection;
    private boolean unknownMasterWarned;

    SentinelWatcher(KompressConfig config, BiPredicate<RedisEndpoint, List<RedisEndpoint>> onChange,
                    TimeSource time) {
        SentinelOptions options = config.sentinel().orElseThrow();
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

    private synchronized void refresh() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < sentinels.size(); attempt++) {
            try {
                ask();
                outage.succeeded();
                return;
            } catch (RuntimeException e) {
                last = e;
                disconnect();
                current = (current + 1) % sentinels.size();
            }
        }
        outage.failed("keeping the last known primary and replicas",
            new IllegalStateException("no Sentinel of " + sentinels + " answered: "
                + Failures.reason(Failures.classify(last), last, clientConfig.getSocketTimeoutMillis())));
    }

    private void ask() {
        Jedis j = connection();
        List<String> address = j.sentinelGetMasterAddrByName(master);
        if (address == null || address.size() < 2) {
            if (!unknownMasterWarned) {
                unknownMasterWarned = true;
                Log.LOG.warn("Redis Sentinel {} does not know a master named '{}' (REDIS_SENTINEL_MASTER); "
                    + "calls fail until it does", sentinels.get(current), master);
            }
            return;
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
        onChange.test(primary, List.copyOf(replicas));
    }

    private static boolean usable(Map<String, String> replica) {
        String flags = replica.getOrDefault("flags", "");
        return !flags.contains("s_down") && !flags.contains("o_down") && !flags.contains("disconnected")
            && "ok".equals(replica.get("master-link-status"));
    }

    private Jedis connection() {
        if (connection == null) {
            RedisEndpoint s = sentinels.get(current);
            connection = new Jedis(new HostAndPort(s.host(), s.port()), clientConfig);
        }
        return connection;
    }

    private void disconnect() {
        if (connection != null) {
            try {
                connection.close();
            } catch (RuntimeException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        rediscovery.close();
        synchronized (this) {
            disconnect();
        }
    }
}
