package io.kompress.cache.errors;

/**
 * No Redis node could serve the call: connection refused or reset, the server is loading or not a usable
 * replica, or the connection pool had no free connection in time. Maps to HTTP 503 Service Unavailable.
 */
public class CacheUnavailableException extends KompressCacheException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception.
     *
     * @param operation the Redis operation that failed
     * @param node      the node as {@code host:port}
     * @param message   what went wrong
     * @param cause     the client's exception
     */
    public CacheUnavailableException(String operation, String node, String message, Throwable cause) {
        super(operation, node, message, cause);
    }

    @Override
    public int statusCode() {
        return 503;
    }
}
