package io.kompress.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches a method that loads many entries at once: it takes a collection of ids and returns a {@code Map} from id
 * to value. Each id is a field of the Redis hash {@link #key()} (its {@code String.valueOf}); the method body runs
 * <b>once</b> per call, with only the ids that were missing, expired or invalid.
 *
 * <pre>{@code
 * @HashCachedBatch(key = "users", ids = "#userIds", ttl = "10m")
 * public Map<Long, User> findUsers(Collection<Long> userIds) {
 *     return database.loadUsers(userIds);   // only the ids Redis did not have
 * }
 * }</pre>
 *
 * <p>On each call the woven advice reads every id with one {@code HMGET} from a replica (failing over to the
 * primary) and validates each entry as {@link HashCached} does; then it calls the method with a collection of the
 * parameter's declared type ({@code List}, {@code Set}, {@code Collection} and their usual implementations) holding
 * only the ids to load, stores what it returns with one pipelined write to the primary, and returns a map of every
 * id that has a value, in the order of the ids given. Duplicates are read once; an empty collection makes no Redis
 * call and does not run the method; a {@code null} collection or element is an {@code IllegalArgumentException}.
 * Ids the method does not return are absent from the result (and cached as {@code null} with {@link #cacheNulls()});
 * entries it returns for ids it was not asked for are ignored. When Redis cannot serve the read, the method gets
 * every id (fail-open), unless {@link #onRedisError()} says otherwise.
 *
 * <p>{@link #key()} is a template over the other parameters, like {@link HashCached#key()}; it must not refer to the
 * ids parameter. The model is the map's value type unless {@link #model()} names it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HashCachedBatch {

    /**
     * The Redis hash key, such as {@code "users"}; may contain {@code #} references to the other parameters.
     *
     * @return the key or key template
     */
    String key();

    /**
     * The parameter holding the ids: {@code "#name"} or {@code "#p0"}; its type must be a {@code Collection}.
     *
     * @return the reference to the ids parameter
     */
    String ids();

    /**
     * The model each value is parsed into and validated against; {@code void.class} (the default) means the map's
     * value type.
     *
     * @return the model class
     */
    Class<?> model() default void.class;

    /**
     * What to do when Redis cannot serve the read: as {@link HashCached#onRedisError()}.
     *
     * @return the failure policy
     */
    OnRedisError onRedisError() default OnRedisError.DEFAULT;

    /**
     * Each entry's time to live, such as {@code "10m"}; empty (the default) for no expiry.
     *
     * @return the TTL
     */
    String ttl() default "";

    /**
     * A random fraction, up to this, taken off each entry's TTL; needs {@link #ttl()}.
     *
     * @return the jitter in [0, 1)
     */
    double jitter() default 0;

    /**
     * How long an id the method did not return is remembered as having no value; empty for not at all.
     *
     * @return the duration
     */
    String cacheNulls() default "";

    /**
     * How long past its expiry an entry may still be served when the method throws; it applies only when every
     * id to load has such a value. Needs {@link #ttl()}.
     *
     * @return the stale window
     */
    String staleIfError() default "";

    /**
     * Whether hits are answered from this JVM's memory first, as {@link HashCached#nearCache()}.
     *
     * @return true to keep entries in memory too
     */
    boolean nearCache() default false;
}
