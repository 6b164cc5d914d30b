package io.kompress.cache.errors;

/**
 * A Redis node accepted the call but did not answer within the configured timeout (a paused, overloaded or
 * partitioned server). Maps to HTTP 504 Gateway Timeout.
 */
public final class CacheTimeoutException extends KompressCacheException {

    private static final long serialVersionUID = 1L;

    CacheTimeoutException(String operation, String node, String message, Throwable cause) {
        super(504, operation, node, message, cause);
    }
}
