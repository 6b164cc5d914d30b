package io.kompress.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Caches a method's result in the Redis hash {@link #key()} under the field {@link #field()}: read-through,
 * validated, replica-read, primary-written.
 *
 * <pre>{@code
 * @HashCached(key = "users", field = "#id")
 * public User findUser(long id) {
 *     return database.loadUser(id);     // runs only on a miss or an invalid entry
 * }
 *
 * @HashCached(key = "orders:#tenant", field = "#order.customer.id:#order.number")
 * public List<Line> lines(String tenant, Order order) { ... }
 * }</pre>
 *
 * <p>On each call the woven advice reads the field from a replica (failing over to the primary), parses the
 * JSON into the model and validates it with Jakarta Bean Validation. A valid entry is returned without running
 * the method. On a miss or an invalid entry (not JSON, wrong type, a missing required field, a violated
 * constraint) the method runs and its result is written to the primary as plain JSON. Concurrent misses for
 * the same entry in one JVM run the method once. A {@code null} result is returned and not cached; an
 * exception from the method propagates unchanged.
 *
 * <p><b>Expressions.</b> {@code field}, and {@code key} when it contains {@code #}, are templates: literal
 * text with references to parameters. A reference is {@code #name} (a parameter name), {@code #p0} or
 * {@code #a0} (a parameter position), optionally followed by {@code .property} steps (getters, record
 * accessors or public fields), so {@code "#tenant:#user.id"} joins two values with a colon. Write {@code ##}
 * for a literal {@code #}. Each expression is parsed once per method; an unknown parameter or property fails
 * with a message naming the method and the expression, and a reference that evaluates to {@code null} at run
 * time is an error rather than the text "null".
 *
 * <p><b>Return types.</b> Classes and records; generic types such as {@code List<User>} (elements come back
 * as {@code User}); {@code Optional<T>} (an empty result is not cached); {@code CompletableFuture<T>} and
 * {@code CompletionStage<T>} (the lookup runs on the cache's executor, so the caller is never blocked on
 * Redis); primitives (boxed). {@code void} methods cannot be cached: the weaver reports an error.
 *
 * <p><b>Policies.</b> By default entries never expire. {@link #ttl()} (with {@link #jitter()}) gives them a
 * lifetime; {@link #cacheNulls()}, {@link #staleIfError()}, {@link #refreshAhead()} and
 * {@link #singleFlightAcrossJvms()} switch on the other policies of {@code io.kompress.cache.CachePolicy}.
 * Durations are written {@code "500ms"}, {@code "30s"}, {@code "10m"}, {@code "2h"}, {@code "1d"} or ISO-8601;
 * a malformed one, or an option that needs a TTL without one, is a compile error on the method (the
 * annotation processor in {@code kompress-aspect}) and, where that did not run, fails on the method's first
 * call with a message naming the method and the attribute.
 *
 * <pre>{@code
 * @HashCached(key = "users", field = "#id", ttl = "10m", jitter = 0.1, refreshAhead = 0.2,
 *             staleIfError = "1h", cacheNulls = "30s", singleFlightAcrossJvms = true)
 * public User findUser(long id) { ... }
 * }</pre>
 *
 * <p>Requires weaving with the {@code kompress-aspect} library, at compile time (aspectj-maven-plugin) or at
 * load time ({@code -javaagent:aspectjweaver.jar}). Private, static and self-invoked methods are cached too.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface HashCached {

    /**
     * The Redis hash key, such as {@code "users"}; may contain {@code #} references like {@link #field()}.
     *
     * @return the key or key template
     */
    String key();

    /**
     * The hash field: a template over the method's parameters, such as {@code "#id"}.
     *
     * @return the field template
     */
    String field();

    /**
     * The model the cached JSON is parsed into and validated against. The default, {@code void.class}, means
     * the method's generic return type (the element type for {@code Optional} and futures).
     *
     * @return the model class
     */
    Class<?> model() default void.class;

    /**
     * What to do when Redis cannot serve the call.
     *
     * @return the policy; {@link OnRedisError#DEFAULT} follows the cache's configuration
     */
    OnRedisError onRedisError() default OnRedisError.DEFAULT;

    /**
     * How long a stored result lives; empty (the default) for never.
     *
     * @return the TTL, such as {@code "10m"}
     */
    String ttl() default "";

    /**
     * The random fraction taken off each entry's TTL so that entries written together do not expire together.
     *
     * @return the jitter in [0, 1); needs {@link #ttl()}
     */
    double jitter() default 0;

    /**
     * How long a {@code null} result (or an empty {@code Optional}) is remembered; empty (the default) to not
     * cache it.
     *
     * @return the TTL of a cached null, such as {@code "30s"}
     */
    String cacheNulls() default "";

    /**
     * How long after expiry the old value may still be returned when the method throws; empty (the default)
     * lets the exception through.
     *
     * @return the stale window, such as {@code "1h"}; needs {@link #ttl()}
     */
    String staleIfError() default "";

    /**
     * The last fraction of the TTL in which a hit triggers one background reload; 0 (the default) for off.
     *
     * @return the fraction in (0, 1); needs {@link #ttl()}
     */
    double refreshAhead() default 0;

    /**
     * Whether hits are answered from this JVM's memory (the near cache), kept coherent by Redis's own
     * invalidation messages: a write by anyone to the hash key drops its entries here. Use with immutable models
     * (records): the same instance is returned to every caller. See the README, "Near cache".
     *
     * @return true to keep entries in memory too
     */
    boolean nearCache() default false;

    /**
     * Whether a miss runs the method in only one JVM at a time, guarded by a short Redis lock, while the others
     * wait up to {@link #lockWait()} for its result.
     *
     * @return true for single-flight across JVMs
     */
    boolean singleFlightAcrossJvms() default false;

    /**
     * How long the cross-JVM lock outlives a holder that died; longer than the method normally takes.
     *
     * @return the lease
     */
    String lockLease() default "30s";

    /**
     * How long the other JVMs wait for the lock holder's result before running the method themselves.
     *
     * @return the wait
     */
    String lockWait() default "5s";
}
