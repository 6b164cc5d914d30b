package io.kompress.cache.internal.engine;

import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;

/**
 * Holds the process-wide cache behind {@link KompressCache#get()}: created from the environment on first use
 * unless an application set one.
 */
public final class DefaultInstance {

    private static final Object LOCK = new Object();
    private static volatile KompressCache instance;
    private static boolean ownedByUs;

    private DefaultInstance() {
    }

    public static KompressCache get() {
        KompressCache c = instance;
        if (c != null) {
            return c;
        }
        synchronized (LOCK) {
            if (instance == null) {
                instance = KompressCache.create(KompressConfig.fromEnv());
                ownedByUs = true;
            }
            return instance;
        }
    }

    public static void set(KompressCache cache) {
        KompressCache previous;
        boolean closePrevious;
        synchronized (LOCK) {
            previous = instance;
            closePrevious = ownedByUs;
            instance = cache;
            ownedByUs = false;
        }
        if (previous != null && closePrevious && previous != cache) {
            previous.close();
        }
    }
}
