package io.kompress.cache.internal.topology;

import io.kompress.cache.errors.CacheUnavailableException;

/**
 * The 503 of a call that waited its whole timeout for a pooled connection. It carries no stack trace: it is
 * thrown at the moment the client is most overloaded, often by thousands of callers at once, and filling in a
 * deep stack for each would take the CPU the connections' owners need to finish, turning a queue into a collapse.
 * Where it came from is in its message: the operation, the node and the saturation.
 */
final class SaturatedException extends CacheUnavailableException {

    private static final long serialVersionUID = 1L;

    SaturatedException(String operation, String node, String message) {
        super(operation, node, message, null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
