package io.kompress.aspect.internal;

import io.kompress.annotations.OnRedisError;
import io.kompress.cache.FailurePolicy;
import io.kompress.cache.KompressCache;

/** Maps the annotation's {@link OnRedisError} to the core's {@link FailurePolicy}. */
final class Policies {

    private Policies() {
    }

    static FailurePolicy of(OnRedisError onError, KompressCache cache) {
        switch (onError) {
            case FAIL_OPEN:
                return FailurePolicy.FAIL_OPEN;
            case THROW:
                return FailurePolicy.THROW;
            default:
                return cache.config().failurePolicy();
        }
    }
}
