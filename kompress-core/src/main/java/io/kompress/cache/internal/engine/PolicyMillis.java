package io.kompress.cache.internal.engine;

import io.kompress.cache.CachePolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link CachePolicy}'s durations in whole milliseconds, 0 when off: what the engine computes with. The policy
 * holds each as a {@code Duration} built once, so these read it without allocating.
 */
final class PolicyMillis {

    private PolicyMillis() {
    }

    static long ttl(CachePolicy p) {
        return millis(p.ttl());
    }

    static long nullTtl(CachePolicy p) {
        return millis(p.nullTtl());
    }

    static long staleIfError(CachePolicy p) {
        return millis(p.staleIfError());
    }

    static long lockLease(CachePolicy p) {
        return millis(p.lockLease());
    }

    static long lockWait(CachePolicy p) {
        return millis(p.lockWait());
    }

    private static long millis(Optional<Duration> d) {
        return d.isPresent() ? d.get().toMillis() : 0;
    }
}
