package io.kompress.cache;

import redis.clients.jedis.UnifiedJedis;

/**
 * A Redis command (or several) run against one node's pooled client, for the commands Kompress has no
 * method for.
 *
 * <p>Passed to {@link KompressCache#onPrimary(String, RedisCall)} or
 * {@link KompressCache#onReplica(String, RedisCall)}, it gets the same routing, failover and error mapping as
 * {@code hget}/{@code hset}. The client is shared and pooled: use it inside the call only, and do not close it.
 *
 * @param <R> the result type
 */
@FunctionalInterface
public interface RedisCall<R> {

    /**
     * Runs the command.
     *
     * @param redis the node's client; valid for the duration of this call only
     * @return the command's result
     */
    R apply(UnifiedJedis redis);
}
