package io.kompress.cache.internal.woven;

import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.internal.util.Log;
import org.jspecify.annotations.Nullable;

/**
 * Holds the process-wide cache behind {@link KompressCache#get()}: created from the environment on first use
 * unless an application set one. The woven advice reads it here as a {@link Target}, the cache together with its
 * near-cache lookups, resolved once when the default changes: a call costs one volatile read, with no lookup and
 * no type test. A default that is not the library's own (a decorator an application set) has no near lookups, so
 * every call goes through it, as a decorator expects; that is said once in the log.
 */
public final class DefaultCache {

    /**
     * The default cache as the woven advice uses it.
     *
     * @param cache the cache every call goes to
     * @param near  its near-cache lookups, or null when the cache is not the library's own
     */
    public record Target(KompressCache cache, @Nullable NearLookups near) {

        static Target of(KompressCache cache) {
            if (cache instanceof NearLookups near) {
                return new Target(cache, near);
            }
            Log.LOG.info("The default cache is a {}, not the library's own: @HashCached near hits go through it "
                + "like every other call", cache.getClass().getName());
            return new Target(cache, null);
        }
    }

    private static final Object LOCK = new Object();
    private static volatile @Nullable Target current;
    private static boolean ownedByUs;

    private DefaultCache() {
    }

    /**
     * The default cache.
     *
     * @return the cache, created from the environment on first use
     */
    public static KompressCache get() {
        return target().cache();
    }

    /**
     * The default cache and its near lookups.
     *
     * @return the target, created from the environment on first use
     */
    public static Target target() {
        Target t = current;
        if (t != null) {
            return t;
        }
        synchronized (LOCK) { // creating a cache calls no listener and no other component's lock
            if (current == null) {
                current = Target.of(KompressCache.create(KompressConfig.fromEnv()));
                ownedByUs = true;
            }
            return current;
        }
    }

    /**
     * Replaces the default cache; one created from the environment is closed (outside the lock).
     *
     * @param cache the new default, or null to go back to creating one from the environment
     */
    public static void set(@Nullable KompressCache cache) {
        Target next = cache == null ? null : Target.of(cache);
        Target previous;
        boolean closePrevious;
        synchronized (LOCK) {
            previous = current;
            closePrevious = ownedByUs;
            current = next;
            ownedByUs = false;
        }
        if (previous != null && closePrevious && previous.cache() != cache) {
            previous.cache().close();
        }
    }
}
