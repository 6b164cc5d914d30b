package io.kompress.cache.internal.util;

/**
 * Rethrows a checked exception without wrapping it, so a loader's exception reaches the caller of
 * {@code hgetL} or of a {@code @HashCached} method exactly as the loader threw it.
 */
public final class Sneaky {

    private Sneaky() {
    }

    /**
     * Throws {@code t} as it is.
     *
     * @param t   the exception
     * @param <E> inferred as an unchecked type, which keeps the compiler from asking for a declaration
     * @return never returns; declared so callers can write {@code throw Sneaky.rethrow(e)}
     * @throws E always: {@code t} itself
     */
    @SuppressWarnings("unchecked")
    public static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
