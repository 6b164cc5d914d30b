package io.kompress.cache;

import org.jspecify.annotations.Nullable;

/**
 * Produces the value for a cache entry on a miss: the "database" call that the cache sits in front of.
 *
 * <p>Whatever {@link #load()} throws reaches the caller of {@code hgetL} unchanged (checked exceptions
 * included, so catch {@code Exception} around {@code hgetL} if the loader throws checked ones), and nothing is
 * written to Redis. A {@code null} result is returned as is and not cached.
 *
 * @param <T> the type of the loaded value
 */
@FunctionalInterface
public interface Loadable<T> {

    /**
     * Loads the value.
     *
     * @return the value, or {@code null} when there is none (nothing is cached then)
     * @throws Exception whatever the source of truth throws; it propagates to the caller unchanged
     */
    @Nullable T load() throws Exception;
}
