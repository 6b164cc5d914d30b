package io.kompress.cache.errors;

/**
 * Root of every error Kompress Cache throws for a Redis failure; HTTP status 500 unless a subclass says
 * otherwise.
 *
 * <p>The hierarchy lets a web layer map failures without knowing Redis: {@link CacheUnavailableException}
 * (503) when no node could be reached, {@link CacheTimeoutException} (504) when a node did not answer in
 * time, and this class (500) for anything else Redis reported. Messages name the operation and the node,
 * never a cached value or a password.
 *
 * <p>The hierarchy is closed (sealed, with package-private constructors): only the library reports a Redis
 * failure, so a {@code switch} on {@link #statusCode()} or on the type covers every case.
 */
public sealed class KompressCacheException extends RuntimeException
    permits CacheUnavailableException, CacheTimeoutException {

    private static final long serialVersionUID = 1L;

    /** The Redis operation that failed, such as {@code HGET}. */
    private final String operation;
    /** The node as {@code host:port}, or a description when no single node applies. */
    private final String node;
    /** 500, 503 or 504. */
    private final int statusCode;

    /** A Redis failure that is neither unavailability nor a timeout (500). */
    KompressCacheException(String operation, String node, String message, Throwable cause) {
        this(500, operation, node, message, cause);
    }

    KompressCacheException(int statusCode, String operation, String node, String message, Throwable cause) {
        this(statusCode, operation, node, message, cause, true);
    }

    /** With {@code stackTrace} false, a failure thrown by thousands of callers at once that fills in no stack. */
    KompressCacheException(int statusCode, String operation, String node, String message, Throwable cause,
                           boolean stackTrace) {
        super(operation + " on " + node + ": " + message, cause, true, stackTrace);
        this.statusCode = statusCode;
        this.operation = operation;
        this.node = node;
    }

    /**
     * The HTTP status a web layer should answer with.
     *
     * @return 500 here; 503 and 504 in the subclasses
     */
    public final int statusCode() {
        return statusCode;
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
