package io.kompress.cache.internal.topology;

import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.util.Errors;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.net.ssl.SSLException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisRedirectionException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Maps what the Redis client throws to the Kompress taxonomy (504 timeout, 503 unavailable, 500 anything
 * else) and tells whether the failure is the node's fault, so that a read can fail over to another node.
 *
 * <p>Jedis reports a read timeout as a {@link JedisConnectionException} caused by a
 * {@link SocketTimeoutException}, and a refused connect as a {@link JedisConnectionException} with the
 * {@link ConnectException} among the suppressed exceptions, so the whole cause and suppressed graph is
 * searched.
 */
public final class Failures {

    /** Redis error replies that mean "this node cannot serve you now", not "your command is wrong". */
    private static final String[] UNAVAILABLE_REPLIES = {
        "LOADING", "MASTERDOWN", "BUSY", "TRYAGAIN", "CLUSTERDOWN", "READONLY", "NOREPLICAS",
    };

    /** The kinds of failure, in the order of the HTTP statuses they map to. */
    public enum Kind {
        /** The node accepted the call but did not answer in time: 504. */
        TIMEOUT,
        /** The node cannot be reached or cannot serve now: 503. */
        UNAVAILABLE,
        /**
         * Redis Cluster answered {@code MOVED} or {@code ASK}: the slot lives elsewhere. Not the node's fault;
         * the cluster topology refreshes its slot map and retries. 503 if it still reaches a caller.
         */
        REDIRECT,
        /**
         * No pooled connection to the node was free within the timeout: this client is saturated, which says
         * nothing about the node, so it is never marked down for it. 503 if it reaches a caller (read-through
         * calls fail open to the loader).
         */
        SATURATED,
        /** Redis rejected the command itself: 500, and another node would reject it too. */
        OTHER;

        /**
         * Whether the failure says something about the node rather than about the command.
         *
         * @return true for timeouts and unavailability
         */
        public boolean isNodeFailure() {
            return this == TIMEOUT || this == UNAVAILABLE;
        }
    }

    private Failures() {
    }

    /**
     * Classifies a client exception.
     *
     * @param e what the client threw
     * @return its kind
     */
    public static Kind classify(Throwable e) {
        if (e instanceof JedisConnectionException) {
            return has(e, SocketTimeoutException.class) ? Kind.TIMEOUT : Kind.UNAVAILABLE;
        }
        if (e instanceof JedisRedirectionException) { // MOVED or ASK, typed by Jedis
            return Kind.REDIRECT;
        }
        if (e instanceof JedisDataException) {
            return isUnavailableReply(e.getMessage()) ? Kind.UNAVAILABLE : Kind.OTHER;
        }
        if (e instanceof JedisException && has(e, NoSuchElementException.class)) {
            return Kind.SATURATED; // the pool had no free connection within the timeout
        }
        if (has(e, SocketTimeoutException.class)) {
            return Kind.TIMEOUT;
        }
        if (has(e, ConnectException.class)) {
            return Kind.UNAVAILABLE;
        }
        return Kind.OTHER;
    }

    /**
     * Whether a connection broke (reset, closed, refused) as opposed to timing out, the pool running dry or
     * Redis replying with an error. Worth one retry on a fresh connection for idempotent commands.
     *
     * @param e    what the client threw
     * @param kind its kind, from {@link #classify(Throwable)}
     * @return true for a broken connection
     */
    public static boolean isBrokenConnection(Throwable e, Kind kind) {
        return e instanceof JedisConnectionException && kind == Kind.UNAVAILABLE;
    }

    /**
     * Builds the exception a caller sees.
     *
     * @param operation the operation, such as {@code HGET}
     * @param node      the node's {@code host:port}
     * @param timeoutMs the configured timeout, quoted in timeout messages
     * @param e         what the client threw
     * @return the mapped exception, with {@code e} as its cause
     */
    public static KompressCacheException map(String operation, String node, long timeoutMs, RuntimeException e) {
        return map(operation, node, timeoutMs, e, classify(e));
    }

    /**
     * Builds the exception a caller sees, for a failure already classified.
     *
     * @param operation the operation, such as {@code HGET}
     * @param node      the node's {@code host:port}
     * @param timeoutMs the configured timeout, quoted in timeout messages
     * @param e         what the client threw
     * @param kind      its kind, from {@link #classify(Throwable)}
     * @return the mapped exception, with {@code e} as its cause
     */
    public static KompressCacheException map(String operation, String node, long timeoutMs, RuntimeException e,
                                             Kind kind) {
        if (e instanceof KompressCacheException) {
            return (KompressCacheException) e;
        }
        String reason = reason(kind, e, timeoutMs);
        switch (kind) {
            case TIMEOUT:
                return Errors.timeout(operation, node, reason, e);
            case UNAVAILABLE:
            case REDIRECT:
            case SATURATED:
                return Errors.unavailable(operation, node, reason, e);
            default:
                return Errors.other(operation, node, reason, e);
        }
    }

    /**
     * A short, value-free description of a failure, for messages and logs.
     *
     * @param kind      the failure's kind, from {@link #classify(Throwable)}
     * @param e         what the client threw
     * @param timeoutMs the configured timeout
     * @return the description
     */
    public static String reason(Kind kind, RuntimeException e, long timeoutMs) {
        switch (kind) {
            case TIMEOUT:
                return "no answer within " + timeoutMs + " ms";
            case UNAVAILABLE:
                return describeUnavailable(e);
            case REDIRECT:
                return "the key's slot moved (" + firstWord(e.getMessage()) + ")";
            case SATURATED:
                return saturated(timeoutMs);
            default:
                return describeOther(e);
        }
    }

    private static String describeUnavailable(RuntimeException e) {
        if (e instanceof JedisDataException) {
            return "node cannot serve now (" + firstWord(e.getMessage()) + ")";
        }
        if (has(e, ConnectException.class)) {
            return "connection refused";
        }
        if (has(e, SSLException.class)) {
            return "TLS handshake failed (untrusted certificate, host name mismatch, or a client certificate "
                + "required)";
        }
        return "connection failed or was closed";
    }

    /**
     * The reason given when every pooled connection to a node stayed busy for the whole timeout.
     *
     * @param timeoutMs the configured timeout
     * @return the description
     */
    public static String saturated(long timeoutMs) {
        return "all pooled connections stayed busy for " + timeoutMs + " ms (client saturated; the node is not "
            + "marked down; raise poolSize or lower concurrency)";
    }

    private static String describeOther(RuntimeException e) {
        if (e instanceof JedisDataException) {
            // Redis echoes command arguments in some errors ("with args beginning with: ..."): drop them.
            String m = String.valueOf(e.getMessage());
            int args = m.indexOf(", with args");
            return "Redis error: " + (args >= 0 ? m.substring(0, args) : m);
        }
        return "unexpected client error (" + e.getClass().getSimpleName() + ")";
    }

    private static boolean isUnavailableReply(String message) {
        if (message == null) {
            return false;
        }
        for (String code : UNAVAILABLE_REPLIES) {
            if (message.startsWith(code)) {
                return true;
            }
        }
        return false;
    }

    private static String firstWord(String message) {
        if (message == null) {
            return "no message";
        }
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    /** Searches causes and suppressed exceptions, guarding against cycles. */
    static boolean has(Throwable root, Class<? extends Throwable> type) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        return has(root, type, seen);
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return false;
        }
        if (type.isInstance(t)) {
            return true;
        }
        for (Throwable s : t.getSuppressed()) {
            if (has(s, type, seen)) {
                return true;
            }
        }
        return has(t.getCause(), type, seen);
    }
}
