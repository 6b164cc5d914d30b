package io.kompress.cache.internal;

import io.kompress.cache.KompressCacheException;
import io.kompress.cache.RedisCall;

/**
 * Decides which Redis node serves a call. The standalone primary-plus-replicas layout is one
 * implementation; Sentinel and Cluster layouts plug in behind the same two methods, so the cache and the
 * aspect do not change when the deployment does.
 *
 * <p>Both methods take the hash key so that a sharded layout can route by slot.
 */
public interface Topology extends AutoCloseable {

    /**
     * Runs a write on the node that owns {@code key}.
     *
     * @param operation name for logs and errors, such as {@code HSET}
     * @param key       the hash key the call touches, or {@code null} when it touches none
     * @param call      the command
     * @param <R>       result type
     * @return the command's result
     * @throws KompressCacheException when the node cannot serve the call
     */
    <R> R write(String operation, String key, RedisCall<R> call);

    /**
     * Runs a read on a replica of the data when one is healthy, failing over to the primary.
     *
     * @param operation name for logs and errors, such as {@code HGET}
     * @param key       the hash key the call touches, or {@code null} when it touches none
     * @param call      the command; it must not write
     * @param <R>       result type
     * @return the command's result
     * @throws KompressCacheException when no node can serve the call
     */
    <R> R read(String operation, String key, RedisCall<R> call);

    /** Releases every connection and background thread. */
    @Override
    void close();
}
