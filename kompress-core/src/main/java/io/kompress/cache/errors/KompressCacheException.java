package io.kompress.cache.errors;

/**
 * Root of every error Kompress Cache throws for a Redis failure; HTTP status 500 unless a subclass says
 * otherwise.
 *
 * <p>The hierarchy lets a web layer map failures without knowing Redis: {@link CacheUnavailableException}
 * (503) when no node could be reached, {@link CacheTimeoutException} (504) when a node did not answer in
 * time, and this class (500) for anything else Redis reported. Messages name the operation and the node,
 * never a cached value or a password.
 */
public class KompressCacheException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The Redis operation that failed, such as {@code HGET}. */
    private final String operation;
    /** The node as {@code host:port}, or a description when no single node applies. */
    private final String node;

    /**
     * Creates an exception.
     *
     * @param operation the Redis operation that failed, such as {@code HGET}
     * @param node      the node as {@code host:port}, or a description when no single node applies
     * @param message   what went wrong
     * @param cause     the client's exception, kept for diagnosis
     */
    public KompressCacheException(String operation, String node, String message, Throwable cause) {
        super(operation + " on " + node + ": " + message, cause);
        this.operation = operation;
        this.node = node;
    }

    /**
     * The HTTP status a web layer should answer with.
     *
     * @return 500 here; 503 and 504 in the subclasses
     */
    public int statusCode() {
        return 500;
    }

    /**
     * The Redis operation that failed.
     *
     * @return for example {@code HGET} or {@code HSET}
     */
    public String operation() {
        return operation;
    }

    /**
     * The node the operation ran on.
     *
     * @return {@code host:port} of the node
     */
    public String node() {
        return node;
    }
}
