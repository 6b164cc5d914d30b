package io.kompress.cache.internal;

import io.kompress.cache.CacheModel;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.internal.config.EnvConfig;
import io.kompress.cache.internal.engine.DefaultKompressCache;
import io.kompress.cache.internal.json.JsonModel;
import io.kompress.cache.internal.woven.DefaultCache;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Objects;

/**
 * The one door from the API to its implementation, as Failsafe's builders call into {@code internal}: the
 * API's static factories ({@link KompressCache#create}, {@link CacheModel#of}, {@link KompressConfig#fromEnv})
 * end here, and nothing else in an API package may touch an internal class (the architecture test enforces
 * it). Not for applications: this package is not exported.
 */
public final class Implementations {

    private Implementations() {
    }

    /**
     * Backs {@link KompressCache#createChecked}: a new cache whose primary answered a PING.
     *
     * @param config the configuration
     * @return the cache
     */
    public static KompressCache createCheckedCache(KompressConfig config) {
        DefaultKompressCache cache = new DefaultKompressCache(config);
        try {
            cache.checkPrimary();
            return cache;
        } catch (RuntimeException e) {
            cache.close();
            throw e;
        }
    }

    /**
     * A new cache.
     *
     * @param config the configuration
     * @return the cache
     */
    public static KompressCache createCache(KompressConfig config) {
        return new DefaultKompressCache(config);
    }

    /**
     * The process-wide cache, created from the environment on first use.
     *
     * @return the cache
     */
    public static KompressCache defaultCache() {
        return DefaultCache.get();
    }

    /**
     * Replaces the process-wide cache.
     *
     * @param cache the new one, or {@code null} to go back to creating one from the environment
     */
    public static void setDefaultCache(KompressCache cache) {
        DefaultCache.set(cache);
    }

    /**
     * The model of a class.
     *
     * @param type the class
     * @param <T>  the type
     * @return the model
     */
    public static <T> CacheModel<T> model(Class<T> type) {
        return JsonModel.of(Objects.requireNonNull(type, "type"));
    }

    /**
     * The model of any type.
     *
     * @param type the type
     * @param <T>  the type, unchecked
     * @return the model
     */
    public static <T> CacheModel<T> model(Type type) {
        return JsonModel.of(Objects.requireNonNull(type, "type"));
    }

    /**
     * The configuration the variables describe.
     *
     * @param env the variables
     * @return the configuration
     */
    public static KompressConfig configFromEnv(Map<String, String> env) {
        return EnvConfig.parse(Objects.requireNonNull(env, "env"));
    }
}
