package io.kompress.cache.internal;

import io.kompress.cache.KompressConfig;
import io.kompress.cache.RedisEndpoint;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * One Redis server: its pooled client, its role and whether it is currently believed healthy.
 *
 * <p>Health changes are logged once per transition (one WARN when it goes down, one INFO when it is back),
 * never per request. When a node goes down its idle connections are dropped, so that after a restart no
 * call trips over a connection to the dead process.
 */
final class Node implements AutoCloseable {

    private final RedisEndpoint endpoint;
    private final String role;
    private final String name;
    private final RedisClient client;
    private final AtomicBoolean healthy = new AtomicBoolean(true);

    Node(RedisEndpoint endpoint, String role, KompressConfig config) {
        this.endpoint = endpoint;
        this.role = role;
        this.name = endpoint.toString();
        this.client = RedisClient.builder()
            .hostAndPort(endpoint.host(), endpoint.port())
            .clientConfig(clientConfig(config.timeout()))
            .poolConfig(poolConfig(config))
            .build();
    }

    private static DefaultJedisClientConfig clientConfig(Duration timeout) {
        int ms = (int) timeout.toMillis();
        return DefaultJedisClientConfig.builder().connectionTimeoutMillis(ms).socketTimeoutMillis(ms).build();
    }

    private static ConnectionPoolConfig poolConfig(KompressConfig config) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(config.poolSize());
        pool.setMaxIdle(config.poolSize());
        pool.setMinIdle(0);
        pool.setMaxWait(config.timeout());
        pool.setBlockWhenExhausted(true);
        pool.setJmxEnabled(false);
        return pool;
    }

    UnifiedJedis client() {
        return client;
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
        return healthy.get();
    }

    /**
     * Records a node failure.
     *
     * @param why short description for the log
     * @return true when this call took the node down (the caller then schedules probing)
     */
    boolean markDown(String why) {
        dropIdleConnections();
        if (healthy.compareAndSet(true, false)) {
            Log.LOG.warn("Redis {} {} is down ({}); {}", role, name, why,
                "replica".equals(role) ? "reads go to other nodes until it answers again"
                    : "calls fail until it answers again");
            return true;
        }
        return false;
    }

    /** Records that the node answered again. */
    void markUp() {
        if (healthy.compareAndSet(false, true)) {
            Log.LOG.info("Redis {} {} is back", role, name);
        }
    }

    /** Sends PING; throws what the client throws when the node does not answer. */
    void ping() {
        client.ping();
    }

    private void dropIdleConnections() {
        try {
            client.getPool().clear();
        } catch (RuntimeException e) {
            Log.LOG.debug("Could not clear idle connections of {}", name, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return role + " " + name;
    }
}
