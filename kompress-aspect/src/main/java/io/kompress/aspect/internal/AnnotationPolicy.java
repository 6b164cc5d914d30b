package io.kompress.aspect.internal;

import io.kompress.annotations.HashCached;
import io.kompress.annotations.HashCachedBatch;
import io.kompress.annotations.OnRedisError;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.internal.config.DurationText;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Turns the policy attributes of a {@link HashCached} or {@link HashCachedBatch} annotation into a
 * {@link CachePolicy}, once per method. The attributes both annotations share are mapped in one place; a bad
 * attribute fails with the method and the attribute named (durations name themselves as they are parsed; the
 * builder's own checks are labelled with the method).
 */
final class AnnotationPolicy {

    private AnnotationPolicy() {
    }

    /** The policy of a {@link HashCachedBatch} method. */
    static CachePolicy of(HashCachedBatch a, String method) {
        String where = "@HashCachedBatch on " + method;
        CachePolicy.Builder b = shared(where, new Shared(a.ttl(), a.jitter(), a.cacheNulls(), a.staleIfError(),
            a.nearCache(), a.onRedisError()));
        return labelled(where, b::build);
    }

    /** The policy of a {@link HashCached} method, whose return {@code shape} rules out some options. */
    static CachePolicy of(HashCached a, String method, ReturnShape shape) {
        String where = "@HashCached on " + method;
        CachePolicy.Builder b = shared(where, new Shared(a.ttl(), a.jitter(), a.cacheNulls(), a.staleIfError(),
            a.nearCache(), a.onRedisError()));
        Duration lease = null;
        Duration wait = null;
        if (a.singleFlightAcrossJvms()) {
            if (shape == ReturnShape.FUTURE) {
                throw new IllegalArgumentException(where + ": singleFlightAcrossJvms is not supported for methods "
                    + "that return a future (waiting would block the cache's executor)");
            }
            lease = DurationText.parse(a.lockLease(), where + ", lockLease");
            wait = DurationText.parse(a.lockWait(), where + ", lockWait");
        }
        Duration leaseFor = lease;
        Duration waitFor = wait;
        return labelled(where, () -> {
            if (a.refreshAhead() != 0) {
                b.refreshAhead(a.refreshAhead());
            }
            if (leaseFor != null) {
                b.distributedSingleFlight(leaseFor, waitFor);
            }
            return b.build();
        });
    }

    /** The attributes both annotations have. */
    private record Shared(String ttl, double jitter, String cacheNulls, String staleIfError, boolean nearCache,
                          OnRedisError onRedisError) {
    }

    private static CachePolicy.Builder shared(String where, Shared a) {
        Duration ttl = a.ttl().isEmpty() ? null : DurationText.parse(a.ttl(), where + ", ttl");
        Duration nulls = a.cacheNulls().isEmpty() ? null : DurationText.parse(a.cacheNulls(), where + ", cacheNulls");
        Duration stale = a.staleIfError().isEmpty() ? null
            : DurationText.parse(a.staleIfError(), where + ", staleIfError");
        return labelled(where, () -> {
            CachePolicy.Builder b = CachePolicy.builder();
            if (ttl != null) {
                b.ttl(ttl);
            }
            if (a.jitter() != 0) {
                b.jitter(a.jitter());
            }
            if (nulls != null) {
                b.cacheNulls(nulls);
            }
            if (stale != null) {
                b.staleIfError(stale);
            }
            if (a.nearCache()) {
                b.nearCache();
            }
            FailurePolicy onRedisError = Policies.explicit(a.onRedisError());
            if (onRedisError != null) {
                b.failurePolicy(onRedisError);
            }
            return b;
        });
    }

    /** Runs a builder step, naming the method in what it rejects. */
    private static <T> T labelled(String where, Supplier<T> step) {
        try {
            return step.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }
}
