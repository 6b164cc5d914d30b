package io.kompress.cache;

/**
 * Holds the process-wide cache behind {@link KompressCache#get()}: created from the environment on first use
 * unless an application set one.
 */
final class DefaultInstance {

    private static final Object LOCK = new Object();
    private static volatile KompressCache instance;
    private static boolean ownedByUs;

    private DefaultInstance() {
    }

    static KompressCache get() {
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

    static void set(KompressCache cache) {
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
