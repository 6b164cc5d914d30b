package io.kompress.cache.config;

import io.kompress.cache.errors.KompressCacheException;

/**
 * What a read-through call ({@code hgetL}, {@code @HashCached}) does when Redis cannot serve it.
 *
 * <p>A cache should make a service faster, not make it fail: the default is {@link #FAIL_OPEN}, which calls
 * the loader and returns its result when no Redis node answers, logging one WARN per outage. Services that
 * would rather shed load than hit their database unprotected choose {@link #THROW} and turn the exception's
 * {@link KompressCacheException#statusCode()} into an HTTP status.
 */
public enum FailurePolicy {

    /** Call the loader and return its result; Redis errors are logged, never thrown. */
    FAIL_OPEN,

    /** Throw the mapped {@link KompressCacheException} (503, 504 or 500) to the caller. */
    THROW
}
