package io.kompress.cache.errors;

/**
 * A Redis node accepted the call but did not answer within the configured timeout (a paused, overloaded or
 * partitioned server). Maps to HTTP 504 Gateway Timeout.
 */
public class CacheTimeoutException extends KompressCacheException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param operation the Redis operation that failed
     * @param node      the node as {@code host:port}
     * @param message   what went wrong
     * @param cause     the client's exception
     */
    public CacheTimeoutException(String operation, String node, String message, Throwable cause) {
        super(operation, node, message, cause);
    }

    @Override
    public int statusCode() {
        return 504;
    }
}
