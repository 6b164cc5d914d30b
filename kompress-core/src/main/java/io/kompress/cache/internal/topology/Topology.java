package io.kompress.cache.internal.topology;

import io.kompress.cache.RedisCall;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.observability.NodeHealth;
import java.util.List;

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
     * <p>An idempotent call that fails on a broken connection (for example a pooled connection to a server
     * that restarted) is retried once on a fresh connection; others are not retried.
     *
     * @param operation  name for logs and errors, such as {@code HSET}
     * @param key        the hash key the call touches, or {@code null} when it touches none
     * @param idempotent whether running the call twice is harmless
     * @param call       the command
     * @param <R>        result type
     * @return the command's result
     * @throws KompressCacheException when the node cannot serve the call
     */
    <R> R write(String operation, String key, boolean idempotent, RedisCall<R> call);

    /**
     * Runs a read on the primary that owns {@code key}, never on a replica: for callers that must see the
     * latest write (a lock holder's value, feature detection). Retried once on a broken connection.
     *
     * @param operation name for logs and errors, such as {@code HMGET}
     * @param key       the hash key the call touches, or {@code null} when it touches none
     * @param call      the command; it must not write
     * @param <R>       result type
     * @return the command's result
     * @throws KompressCacheException when the primary cannot serve the call
     */
    <R> R readPrimary(String operation, String key, RedisCall<R> call);

    /**
     * Runs a read on a replica of the data when one is healthy, failing over to the primary. Reads are
     * idempotent, so a broken connection on the primary is retried once, as for idempotent writes.
     *
     * @param operation name for logs and errors, such as {@code HGET}
     * @param key       the hash key the call touches, or {@code null} when it touches none
     * @param call      the command; it must not write
     * @param <R>       result type
     * @return the command's result
     * @throws KompressCacheException when no node can serve the call
     */
    <R> R read(String operation, String key, RedisCall<R> call);

    /**
     * Whether every node that may serve a read of {@code key} now (the primary, and each replica in rotation)
     * reports each later change of it to {@link CallEvents#invalidated}, so that a value read now may be kept in
     * memory until then. When not, starts setting that up in the background; never blocks.
     *
     * @param key the hash key
     * @return true when a value read after this call may be kept
     */
    boolean tracks(String key);

    /**
     * How many nodes report writes per field now (their invalidation streams are live in field mode), so that
     * a write of this instance is known to be applied everywhere once that many nodes reported it.
     */
    int fieldStreams();

    /**
     * Every node routed to, as this client sees it now; sends nothing.
     *
     * @return primaries first, then replicas
     */
    List<NodeHealth> health();

    /** Releases every connection and background thread. */
    @Override
    void close();
}
