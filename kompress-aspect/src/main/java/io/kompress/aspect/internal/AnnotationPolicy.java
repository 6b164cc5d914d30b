package io.kompress.aspect.internal;

import io.kompress.annotations.HashCached;
import io.kompress.annotations.HashCachedBatch;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.internal.config.DurationText;

/**
 * Turns a {@link HashCached} annotation's policy attributes into a {@link CachePolicy}, once per method. A bad
 * attribute fails with the method and the attribute named.
 */
final class AnnotationPolicy {

    private AnnotationPolicy() {
    }

    /** The policy of a {@link HashCachedBatch} method. */
    static CachePolicy of(HashCachedBatch a, String method) {
        String where = "@HashCachedBatch on " + method;
        try {
            CachePolicy.Builder b = CachePolicy.builder();
            if (!a.ttl().isEmpty()) {
                b.ttl(DurationText.parse(a.ttl(), where + ", ttl"));
            }
            if (a.jitter() != 0) {
                b.jitter(a.jitter());
            }
            if (!a.cacheNulls().isEmpty()) {
                b.cacheNulls(DurationText.parse(a.cacheNulls(), where + ", cacheNulls"));
            }
            if (!a.staleIfError().isEmpty()) {
                b.staleIfError(DurationText.parse(a.staleIfError(), where + ", staleIfError"));
            }
            if (a.nearCache()) {
                b.nearCache();
            }
            FailurePolicy onRedisError = Policies.explicit(a.onRedisError());
            if (onRedisError != null) {
                b.failurePolicy(onRedisError);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    static CachePolicy of(HashCached a, String method, ReturnShape shape) {
        String where = "@HashCached on " + method;
        try {
            CachePolicy.Builder b = CachePolicy.builder();
            if (!a.ttl().isEmpty()) {
                b.ttl(DurationText.parse(a.ttl(), where + ", ttl"));
            }
            if (a.jitter() != 0) {
                b.jitter(a.jitter());
            }
            if (!a.cacheNulls().isEmpty()) {
                b.cacheNulls(DurationText.parse(a.cacheNulls(), where + ", cacheNulls"));
            }
            if (!a.staleIfError().isEmpty()) {
                b.staleIfError(DurationText.parse(a.staleIfError(), where + ", staleIfError"));
            }
            if (a.refreshAhead() != 0) {
                b.refreshAhead(a.refreshAhead());
            }
            if (a.nearCache()) {
                b.nearCache();
            }
            if (a.singleFlightAcrossJvms()) {
                if (shape == ReturnShape.FUTURE) {
                    throw new IllegalArgumentException("singleFlightAcrossJvms is not supported for methods that "
                        + "return a future (waiting would block the cache's executor)");
                }
                b.distributedSingleFlight(DurationText.parse(a.lockLease(), where + ", lockLease"),
                    DurationText.parse(a.lockWait(), where + ", lockWait"));
            }
            FailurePolicy onRedisError = Policies.explicit(a.onRedisError());
            if (onRedisError != null) {
                b.failurePolicy(onRedisError);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                throw e;
            }
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
