package io.kompress.cache.observability;

import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.errors.CacheTimeoutException;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.errors.KompressCacheException;
import org.jspecify.annotations.Nullable;

/**
 * Receives what a cache does, call by call: lookups and their outcome, loads and their duration, the Redis
 * call that served each read, failovers and errors. {@link KompressCache#stats()} is one listener; the
 * Micrometer binding ({@code io.kompress.cache.micrometer.KompressCacheMetrics}) is another; add your own with
 * {@link KompressCache#addListener(CacheListener)}.
 *
 * <p>Methods run on the caller's thread, inside the cache call, so they must be fast and must not block; an
 * exception a listener throws is logged and otherwise ignored. {@code key} is the Redis hash key of the call,
 * or {@code null} for {@link KompressCache#onPrimary} and {@link KompressCache#onReplica} calls.
 * All methods default to doing nothing.
 */
public interface CacheListener {

    /** What a read-through lookup found. */
    enum Lookup {
        /** A valid, unexpired value: returned without loading. */
        HIT,
        /** A value (or cached {@code null}) answered from this JVM's near cache, without a Redis call. */
        NEAR_HIT,
        /** A cached {@code null} ({@link CachePolicy.Builder#cacheNulls}): {@code null} returned without loading. */
        NULL_HIT,
        /** No value: the loader runs. */
        MISS,
        /** A value past its TTL: the loader runs. */
        EXPIRED,
        /** A value that is not valid JSON for the model, or breaks a constraint: the loader runs. */
        INVALID,
        /** Redis could not serve the read: the failure policy applies. */
        ERROR
    }

    /** How a load (a call of the loader after a miss) ended. */
    enum Load {
        /** The loader returned a value. */
        LOADED,
        /** The loader returned {@code null}. */
        NULL,
        /** The loader threw, and its exception reached the caller. */
        FAILED,
        /** The loader threw and an expired value was returned instead (stale-if-error). */
        STALE_SERVED
    }

    /** Which node served a call. */
    enum Role {
        /** The primary (master). */
        PRIMARY,
        /** A replica. */
        REPLICA
    }

    /**
     * A read-through lookup finished.
     *
     * @param key     the hash key
     * @param outcome what it found
     */
    default void onLookup(@Nullable String key, Lookup outcome) {
    }

    /**
     * A lookup that asked for the near cache found nothing usable in memory and went to Redis.
     *
     * @param key the hash key
     */
    default void onNearMiss(@Nullable String key) {
    }

    /**
     * Redis reported a change of a near-cached hash key (or this JVM wrote it); its entries were dropped.
     *
     * @param key the hash key
     */
    default void onNearInvalidation(@Nullable String key) {
    }

    /**
     * The near cache was emptied: an invalidation stream may have missed a report (connection lost, heartbeat
     * unanswered, a node flushed or resynchronised, the nodes serving reads changed), or it was cleared.
     *
     * @param reason why
     */
    default void onNearFlush(String reason) {
    }

    /**
     * Entries that were hit since they were kept, dropped by an invalidation of their hash key, were read back in
     * one round trip and are kept again (those unchanged in Redis, or changed and still valid).
     *
     * @param key     the hash key
     * @param entries how many are kept again
     */
    default void onNearRefill(@Nullable String key, int entries) {
    }

    /**
     * A loader finished.
     *
     * @param key     the hash key
     * @param outcome how it ended
     * @param nanos   how long the loader ran
     */
    default void onLoad(@Nullable String key, Load outcome, long nanos) {
    }

    /**
     * A background refresh-ahead reload finished.
     *
     * @param key       the hash key
     * @param succeeded whether a fresh value was stored
     */
    default void onRefresh(@Nullable String key, boolean succeeded) {
    }

    /**
     * A Redis call succeeded.
     *
     * @param key       the hash key, or {@code null}
     * @param operation the command, such as {@code HGET}
     * @param role      the node that served it
     * @param nanos     how long it took, including waiting for a pooled connection
     */
    default void onRedisCall(@Nullable String key, String operation, Role role, long nanos) {
    }

    /**
     * A replica failed a read, which was retried on the primary.
     *
     * @param key  the hash key, or {@code null}
     * @param node the replica that failed, as {@code host:port}
     */
    default void onFailover(@Nullable String key, String node) {
    }

    /**
     * A Redis call failed for the caller: no node could serve it. Its class says the kind
     * ({@link CacheUnavailableException}, {@link CacheTimeoutException}, or another {@link KompressCacheException}).
     *
     * @param key   the hash key, or {@code null}
     * @param error the error
     */
    default void onError(@Nullable String key, KompressCacheException error) {
    }

    /**
     * The expiry sweep removed expired entries from a hash (servers without per-field expiry only).
     *
     * @param key     the hash key
     * @param removed how many entries (value and expiry field each) it removed
     */
    default void onSweep(String key, long removed) {
    }

    /**
     * A call found every pooled connection to a node busy and waited in line for one (see
     * {@link CacheStats#poolWaits()}). A call that gave up is also reported to {@link #onError} as a 503, but the
     * node is not marked down: the client is saturated, not the node.
     *
     * @param key      the hash key, or {@code null}
     * @param node     the node, as {@code host:port}
     * @param nanos    how long it waited
     * @param timedOut true when no connection came free within the timeout
     */
    default void onPoolWait(@Nullable String key, String node, long nanos, boolean timedOut) {
    }

    /**
     * A read-through's write-back was refused because the entry was evicted or rewritten after the lookup that
     * missed: the loaded value (possibly older than the eviction) is returned to the caller but not stored.
     *
     * @param key the hash key
     */
    default void onWriteBackRefused(String key) {
    }

    /**
     * An eviction ({@code hdel}, {@code @HashEvict}) failed and was queued to be retried until the primary
     * answers, or a queued one was finally applied or given up.
     *
     * @param key     the hash key
     * @param outcome what happened to it
     */
    default void onDeferredEviction(String key, DeferredEviction outcome) {
    }

    /** What happened to an eviction that failed. */
    enum DeferredEviction {
        /** It failed and was queued for retry. */
        QUEUED,
        /** A retry reached the primary: the entry is gone. */
        APPLIED,
        /** It was given up: the queue was full, or the cache closed before the primary answered. */
        ABANDONED
    }
}
