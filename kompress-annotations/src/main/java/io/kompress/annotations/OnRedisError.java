package io.kompress.annotations;

/**
 * What an annotated method does when Redis cannot serve its cache call.
 *
 * <p>Lives in the annotations module (which has no dependencies) so that annotations can name it; the core
 * library's {@code FailurePolicy} is the programmatic equivalent.
 */
public enum OnRedisError {

    /** Use the cache's configured policy ({@code KOMPRESS_FAILURE_POLICY}, fail-open unless set). */
    DEFAULT,

    /** Run the method body and return its result; Redis errors are logged (one WARN per outage). */
    FAIL_OPEN,

    /**
     * Throw the mapped exception: {@code CacheUnavailableException} (503), {@code CacheTimeoutException} (504)
     * or {@code KompressCacheException} (500).
     */
    THROW
}
