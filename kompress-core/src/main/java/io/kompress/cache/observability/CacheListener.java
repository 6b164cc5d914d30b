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

    /**
     * Something that happened that carries nothing but a count, reported to {@link #onEvent}. Each is counted in
     * {@link CacheStats} under the {@link CacheStats.Counter} of the same meaning.
     */
    enum Event {
        /** A lookup that asked for the near cache found nothing usable in memory and went to Redis. */
        NEAR_MISS,
        /** Redis reported a change of near-cached fields or keys (or this JVM wrote them); they were dropped. */
        NEAR_INVALIDATION,
        /**
         * Entries that were hit since they were kept, dropped by an invalidation, were read back in one round trip
         * and are kept again (those unchanged in Redis, or changed and still valid); the count says how many.
         */
        NEAR_REFILL,
        /**
         * The near cache was emptied: an invalidation stream may have missed a report (connection lost, heartbeat
         * unanswered, a node flushed or resynchronised, the nodes serving reads changed), or it was cleared. The key
         * is {@code null}; the reason is logged (INFO, {@code kompress_cache}).
         */
        NEAR_FLUSH,
        /** A replica failed a read, which was retried on the primary. */
        REPLICA_FAILOVER,
        /** A background refresh-ahead reload stored a fresh value. */
        REFRESHED,
        /** A background refresh-ahead reload failed; the old value stayed. */
        REFRESH_FAILED,
        /**
         * A read-through's write-back was refused because the entry was evicted or rewritten after the lookup that
         * missed: the loaded value (possibly older than the eviction) is returned to the caller but not stored.
         */
        WRITE_BACK_REFUSED,
        /** An eviction ({@code hdel}, {@code @HashEvict}) failed and was queued to be retried. */
        EVICTION_DEFERRED,
        /** A retried eviction reached the primary: the entry is gone. */
        EVICTION_APPLIED,
        /** A queued eviction was given up (queue full, or the cache closed); it was logged with its key. */
        EVICTION_ABANDONED,
        /** The expiry sweep removed expired entries from a hash (servers without per-field expiry only). */
        SWEPT
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
     * A loader finished.
     *
     * @param key     the hash key
     * @param outcome how it ended
     * @param nanos   how long the loader ran
     */
    default void onLoad(@Nullable String key, Load outcome, long nanos) {
    }

    /**
     * One of the counted {@link Event}s happened.
     *
     * @param key   the hash key, or {@code null}
     * @param event what happened
     * @param count how many times, or how many entries it concerned (refills, sweeps)
     */
    default void onEvent(@Nullable String key, Event event, long count) {
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
     * A Redis call failed for the caller: no node could serve it. Its class says the kind
     * ({@link CacheUnavailableException}, {@link CacheTimeoutException}, or another {@link KompressCacheException}).
     *
     * @param key   the hash key, or {@code null}
     * @param error the error
     */
    default void onError(@Nullable String key, KompressCacheException error) {
    }

    /**
     * A call found every pooled connection to a node busy and waited in line for one (see
     * {@link CacheStats.Counter#POOL_WAITS}). A call that gave up is also reported to {@link #onError} as a 503, but
     * the node is not marked down: the client is saturated, not the node.
     *
     * @param key      the hash key, or {@code null}
     * @param node     the node, as {@code host:port}
     * @param nanos    how long it waited
     * @param timedOut true when no connection came free within the timeout
     */
    default void onPoolWait(@Nullable String key, String node, long nanos, boolean timedOut) {
    }
}
