package io.kompress.cache;

import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.errors.CacheTimeoutException;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.Implementations;
import io.kompress.cache.observability.CacheListener;
import io.kompress.cache.observability.CacheStats;
import io.kompress.cache.observability.NodeHealth;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * A Redis hash cache that reads from replicas, writes to the primary and validates what it reads against a
 * model, so that a stale or foreign entry is reloaded instead of returned.
 *
 * <p>One instance serves the whole application: it is thread-safe, pools its connections and probes failed
 * nodes in the background. {@link #get()} returns the process-wide instance that {@code @HashCached} uses,
 * created from the environment on first use; {@link #create(KompressConfig)} makes an independent one.
 *
 * <pre>{@code
 * KompressCache cache = KompressCache.get();
 * User user = cache.hgetL("users", "42", () -> db.findUser(42), User.class);
 * }</pre>
 *
 * <p>Errors: the plain commands ({@link #hget}, {@link #hset}, {@link #hdel}) throw
 * {@link CacheUnavailableException} (503), {@link CacheTimeoutException} (504) or
 * {@link KompressCacheException} (500). Read-through calls ({@code hgetL}) follow the {@link FailurePolicy}:
 * by default they fall back to the loader. Calls after {@link #close()} throw {@link IllegalStateException}.
 */
public interface KompressCache extends AutoCloseable {

    /**
     * The process-wide instance, created from {@link KompressConfig#fromEnv()} on first use.
     *
     * @return the default cache
     * @throws IllegalArgumentException when the environment holds an invalid setting
     */
    static KompressCache get() {
        return Implementations.defaultCache();
    }

    /**
     * Replaces the process-wide instance, for example with one built from a {@link KompressConfig.Builder}.
     * An instance that {@link #get()} created from the environment is closed; one set here is not, as its
     * owner closes it.
     *
     * @param cache the new default, or {@code null} to go back to creating one from the environment
     */
    static void setDefault(@Nullable KompressCache cache) {
        Implementations.setDefaultCache(cache);
    }

    /**
     * Creates an independent cache. It connects lazily: an unreachable Redis does not fail this call.
     *
     * @param config the configuration
     * @return the cache; close it when done
     */
    static KompressCache create(KompressConfig config) {
        return Implementations.createCache(config);
    }

    /**
     * Creates a cache and checks it at once, for start-up: the configuration is validated (as by
     * {@link #create}) and the primary must answer a {@code PING} within the timeout, so that a wrong address or
     * a Redis that is down is reported when the service starts rather than at its first cached call.
     *
     * @param config the configuration
     * @return the cache; close it when done
     * @throws KompressCacheException when the primary does not answer (the cache is closed before it is thrown)
     */
    static KompressCache createChecked(KompressConfig config) {
        return Implementations.createCheckedCache(config);
    }

    /**
     * Every node this cache routes to, as it currently sees them (see {@link NodeHealth}): what a health
     * endpoint can return. Sends nothing to Redis.
     *
     * @return primaries first, then replicas
     */
    List<NodeHealth> health();

    /**
     * The configuration this cache runs with.
     *
     * @return the configuration
     */
    KompressConfig config();

    /**
     * {@code HSET key field value} on the primary. The value never expires: an expiry an earlier read-through
     * write gave this field is removed in the same round trip.
     *
     * @param key   hash key
     * @param field field in the hash
     * @param value value to store
     * @return 1 when the field is new, 0 when it was updated
     * @throws KompressCacheException when the primary cannot serve the call
     */
    long hset(String key, String field, String value);

    /**
     * {@code HGET key field} on a replica, failing over to the primary.
     *
     * @param key   hash key
     * @param field field in the hash
     * @return the value, or {@code null} when the field does not exist
     * @throws KompressCacheException when no node can serve the call
     */
    @Nullable String hget(String key, String field);

    /**
     * {@code HDEL key field...} on the primary, together with the fields' expiry fields.
     *
     * @param key    hash key
     * @param fields one or more fields
     * @return the number of fields removed
     * @throws KompressCacheException when the primary cannot serve the call
     */
    long hdel(String key, String... fields);

    /**
     * Read-through with no model: a stored string is returned as it is; on a miss the loader's string is
     * stored and returned.
     *
     * @param key    hash key
     * @param field  field in the hash
     * @param loader produces the value on a miss
     * @return the cached or loaded value, or {@code null} when the loader returned {@code null}
     */
    @Nullable String hgetL(String key, String field, Loadable<String> loader);

    /**
     * Validated read-through: returns the cached value when it parses into {@code model} and passes
     * validation; otherwise calls the loader, stores its result on the primary and returns it.
     *
     * <p>Invalid means: not JSON, a wrong type, a missing required field (see
     * {@link io.kompress.annotations.OptionalField}) or a violated constraint. A loader that returns
     * {@code null} gets {@code null} returned and nothing stored; a loader that throws has its exception
     * propagate unchanged; a loaded value that fails validation is returned but not stored (logged as WARN).
     * When Redis cannot serve the read, the configured {@link FailurePolicy} applies; a failed store after a
     * load is logged, never thrown.
     *
     * @param key    hash key
     * @param field  field in the hash
     * @param loader produces the value on a miss
     * @param model  the model class or record
     * @param <T>    the model type
     * @return the value
     */
    <T> @Nullable T hgetL(String key, String field, Loadable<? extends T> loader, Class<T> model);

    /**
     * Validated read-through under a {@link CachePolicy}: TTL with jitter, negative caching, stale-if-error,
     * refresh-ahead and single-flight across JVMs, as the policy enables them.
     *
     * <pre>{@code
     * CachePolicy tenMinutes = CachePolicy.builder().ttl(Duration.ofMinutes(10)).jitter(0.1).build();
     * User u = cache.hgetL("users", "42", () -> db.findUser(42), CacheModel.of(User.class), tenMinutes);
     * }</pre>
     *
     * @param key    hash key
     * @param field  field in the hash
     * @param loader produces the value on a miss, an expired or an invalid entry
     * @param model  the model
     * @param policy expiry and resilience options; {@link CachePolicy#none()} behaves as the other overloads
     * @param <T>    the model type
     * @return the value; under stale-if-error possibly an expired one when the loader failed
     * @throws KompressCacheException under {@link FailurePolicy#THROW} when Redis cannot serve the read
     * @see #hgetL(String, String, Loadable, Class)
     */
    <T> @Nullable T hgetL(String key, String field, Loadable<? extends T> loader, CacheModel<T> model,
                          CachePolicy policy);

    /**
     * Asynchronous validated read-through under a {@link CachePolicy}. Refresh-ahead reloads run on the cache's
     * executor and wait for the loader's stage there.
     *
     * @param key    hash key
     * @param field  field in the hash
     * @param loader starts the load on a miss
     * @param model  the model
     * @param policy expiry and resilience options
     * @param <T>    the model type
     * @return the value's future
     * @throws IllegalArgumentException when the policy asks for distributed single-flight, which would block the
     *                                  executor while waiting; use the synchronous {@code hgetL} for that
     */
    <T> CompletableFuture<T> hgetLAsync(String key, String field,
                                        Loadable<? extends CompletionStage<? extends T>> loader,
                                        CacheModel<T> model, CachePolicy policy);

    /**
     * Batch read-through: many fields of one hash in one {@code HMGET} (on a replica, failing over to the primary),
     * each validated as {@link #hgetL} does; the loader is called <b>once</b>, with only the missing, expired or
     * invalid fields, and its values are stored with one pipelined write to the primary under the policy (TTL and
     * jitter per entry, negative caching). Near-cached fields are answered from memory first.
     *
     * <pre>{@code
     * Map<String, User> page = cache.hmgetL("users", ids, missing -> db.findUsers(missing),
     *     CacheModel.of(User.class), CachePolicy.builder().ttl(Duration.ofMinutes(10)).build());
     * }</pre>
     *
     * <p>Duplicates in {@code fields} are read once; an empty collection makes no Redis call; a null collection, or
     * a null or empty field, is an {@link IllegalArgumentException}. When Redis cannot serve the read the configured
     * {@link FailurePolicy} applies: fail-open hands the loader every field. Concurrent calls in this JVM share
     * loads per field: a field another batch or single-field call is loading is waited for (up to the configured
     * single-flight wait, then loaded here), and the loader runs with the rest.
     *
     * @param key    hash key
     * @param fields the fields, in the order the result keeps
     * @param loader loads the missing fields at once
     * @param model  the model
     * @param policy expiry and resilience options
     * @param <T>    the model type
     * @return field to value, in the order of {@code fields}; fields with no value are absent
     * @throws KompressCacheException under {@link FailurePolicy#THROW} when Redis cannot serve the read
     */
    <T> Map<String, T> hmgetL(String key, Collection<String> fields, BulkLoadable<? extends T> loader,
                              CacheModel<T> model, CachePolicy policy);

    /**
     * Empties this JVM's near cache (see {@link CachePolicy.Builder#nearCache()}); Redis is untouched. The next
     * lookup of each entry reads Redis again.
     */
    void clearNearCache();

    /**
     * What this cache has done since it was created, in total and per hash key.
     *
     * @return a snapshot of the counters
     */
    CacheStats stats();

    /**
     * Adds a listener for this cache's events, for example the Micrometer binding. Listeners run on the
     * calling thread and must not block.
     *
     * @param listener the listener
     */
    void addListener(CacheListener listener);

    /**
     * Removes a listener added with {@link #addListener}.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    boolean removeListener(CacheListener listener);

    /**
     * Runs any command on the primary that owns {@code key}, the escape hatch for commands Kompress has no method
     * for: in Cluster mode the master of the key's slot
     * (following {@code MOVED}/{@code ASK} once, like every call), elsewhere the primary. Same error mapping as
     * {@link #hset}; the call is counted under {@code key} in {@link CacheStats#byKey()}. Commands on several keys
     * must keep them in one slot in Cluster mode, with a hash tag ({@code users:{eu}}, {@code teams:{eu}}).
     *
     * @param key  the key the command works on, which picks the node
     * @param call the command
     * @param <R>  its result type
     * @return its result
     * @throws KompressCacheException when the node cannot serve the call
     */
    <R> R onPrimary(String key, RedisCall<R> call);

    /**
     * Runs a read-only command on a replica of the node that owns {@code key}, failing over to that primary, with
     * the same error mapping as {@link #hget}; the escape hatch for reads Kompress has no method for. In
     * Cluster mode the replicas of the key's slot when replica reads are enabled, else its master. Same error
     * mapping as {@link #hget}; counted under {@code key} in {@link CacheStats#byKey()}.
     *
     * @param key  the key the command reads, which picks the node
     * @param call the command
     * @param <R>  its result type
     * @return its result
     * @throws KompressCacheException when no node can serve the call
     */
    <R> R onReplica(String key, RedisCall<R> call);

    /** Closes every connection and the health-probe thread. Later calls throw {@link IllegalStateException}. */
    @Override
    void close();
}
