package io.kompress.cache.errors;

import io.kompress.cache.CacheModel;

/**
 * A value does not match its model: it is not JSON, has a wrong type, lacks a required field or violates a
 * Bean Validation constraint.
 *
 * <p>Read-through calls never let it escape: an invalid cached entry is treated as a miss and reloaded.
 * {@link CacheModel#fromJson(String)} and {@link CacheModel#validate(Object)} throw it for callers that work
 * with values directly. It carries no stack trace (it is a routine outcome, not a bug) and its message never
 * contains the value itself.
 */
public final class InvalidValueException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    InvalidValueException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
