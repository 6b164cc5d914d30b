package io.kompress.reliability;

import io.kompress.cache.errors.CacheTimeoutException;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.errors.KompressCacheException;

/** How one call of the load ended. */
enum Outcome {
    /** The call returned the correct value (reads) or completed (updates). */
    OK,
    /** A read returned a value other than the one correct value: must never happen. */
    WRONG,
    /** {@link CacheUnavailableException}: 503. */
    UNAVAILABLE,
    /** {@link CacheTimeoutException}: 504. */
    TIMEOUT,
    /** Any other {@link KompressCacheException}: 500, a classification bug under these faults. */
    ERROR,
    /** Anything else thrown: a bug. */
    OTHER;

    static Outcome of(Throwable t) {
        if (t instanceof CacheTimeoutException) {
            return TIMEOUT;
        }
        if (t instanceof CacheUnavailableException) {
            return UNAVAILABLE;
        }
        if (t instanceof KompressCacheException) {
            return ERROR;
        }
        return OTHER;
    }

    boolean isError() {
        return this != OK;
    }
}
