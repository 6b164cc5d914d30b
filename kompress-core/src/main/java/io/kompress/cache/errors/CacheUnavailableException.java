package io.kompress.cache.errors;

/**
 * No Redis node could serve the call: connection refused or reset, the server is loading or not a usable
 * replica, or the connection pool had no free connection in time. Maps to HTTP 503 Service Unavailable.
 */
public final class CacheUnavailableException extends KompressCacheException {

    private static final long serialVersionUID = 1L;

    CacheUnavailableException(String operation, String node, String message, Throwable cause) {
        super(503, operation, node, message, cause);
    }

    /**
     * The 503 of a call that waited its whole timeout for a pooled connection, with no stack trace: it is thrown at
     * the moment the client is most overloaded, often by thousands of callers at once, and filling in a deep stack
     * for each would take the CPU the connections' owners need to finish, turning a queue into a collapse. Where it
     * came from is in its message: the operation, the node and the saturation.
     */
    CacheUnavailableException(String operation, String node, String message) {
        super(503, operation, node, message, null, false);
    }
}
