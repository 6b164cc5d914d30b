package io.kompress.cache.internal.util;

import io.kompress.cache.errors.CacheTimeoutException;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.errors.InvalidValueException;
import io.kompress.cache.errors.KompressCacheException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import org.jspecify.annotations.Nullable;

/**
 * Creates the library's exceptions. Their constructors are package-private so that applications cannot forge a
 * Redis failure; the engine reaches them through method handles looked up once here (a module may always look
 * into its own packages), which keeps the dependency one-way: internal code depends on the API, never the reverse.
 */
public final class Errors {

    private static final MethodType REDIS = MethodType.methodType(void.class, String.class, String.class,
        String.class, Throwable.class);
    private static final MethodHandle UNAVAILABLE = constructor(CacheUnavailableException.class, REDIS);
    private static final MethodHandle SATURATED = constructor(CacheUnavailableException.class,
        MethodType.methodType(void.class, String.class, String.class, String.class));
    private static final MethodHandle TIMEOUT = constructor(CacheTimeoutException.class, REDIS);
    private static final MethodHandle OTHER = constructor(KompressCacheException.class, REDIS);
    private static final MethodHandle INVALID = constructor(InvalidValueException.class,
        MethodType.methodType(void.class, String.class, Throwable.class));

    private Errors() {
    }

    /** No node could serve the call (503). */
    public static CacheUnavailableException unavailable(String operation, String node, String message,
                                                        @Nullable Throwable cause) {
        try {
            return (CacheUnavailableException) UNAVAILABLE.invokeExact(operation, node, message, cause);
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }

    /**
     * The 503 of a call that waited its whole timeout for a pooled connection, without a stack trace (see the
     * constructor it calls for why).
     */
    public static CacheUnavailableException saturated(String operation, String node, String message) {
        try {
            return (CacheUnavailableException) SATURATED.invokeExact(operation, node, message);
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }

    /** A node did not answer in time (504). */
    public static CacheTimeoutException timeout(String operation, String node, String message,
                                                @Nullable Throwable cause) {
        try {
            return (CacheTimeoutException) TIMEOUT.invokeExact(operation, node, message, cause);
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }

    /** Any other Redis failure (500). */
    public static KompressCacheException other(String operation, String node, String message,
                                               @Nullable Throwable cause) {
        try {
            return (KompressCacheException) OTHER.invokeExact(operation, node, message, cause);
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }

    /** A value that does not match its model; the message never holds the value. */
    public static InvalidValueException invalidValue(String message, @Nullable Throwable cause) {
        try {
            return (InvalidValueException) INVALID.invokeExact(message, cause);
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }

    private static MethodHandle constructor(Class<?> type, MethodType signature) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findConstructor(type, signature);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
