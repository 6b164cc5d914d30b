package io.kompress.spring;

import io.kompress.cache.CachePolicy;
import java.lang.reflect.Type;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one Spring cache stores its values: the model entries are read into and validated against, and the
 * {@link CachePolicy} (TTL and jitter, cached nulls, stale-if-error, refresh-ahead, near cache, failure policy).
 * Immutable.
 *
 * <p>Without a model, a cache takes the type each {@code @Cacheable} method returns ({@link KompressCacheResolver});
 * a cache used directly through {@code CacheManager.getCache(name)} needs one.
 *
 * @param model  the type of the values ({@code User.class}, or a generic type such as {@code List<User>}), or
 *               null to take it from each cached method's return type
 * @param policy the policy of every entry of the cache
 */
public record CacheSettings(@Nullable Type model, CachePolicy policy) {

    /** No model (each method's return type) and {@link CachePolicy#none()}: entries never expire. */
    public static final CacheSettings DEFAULTS = new CacheSettings(null, CachePolicy.none());

    /**
     * Checks the settings.
     *
     * @param model  the type of the values, or null
     * @param policy the policy
     */
    public CacheSettings {
        Objects.requireNonNull(policy, "policy");
    }
}
