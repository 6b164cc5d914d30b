package io.kompress.aspect.internal;

import io.kompress.annotations.OnRedisError;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.FailurePolicy;

/** Maps the annotation's {@link OnRedisError} to the core's {@link FailurePolicy}. */
final class Policies {

    private Policies() {
    }

    /** The policy the annotation names, or {@code null} for {@link OnRedisError#DEFAULT}. */
    static FailurePolicy explicit(OnRedisError onError) {
        switch (onError) {
            case FAIL_OPEN:
                return FailurePolicy.FAIL_OPEN;
            case THROW:
                return FailurePolicy.THROW;
            default:
                return null;
        }
    }

    static FailurePolicy of(OnRedisError onError, KompressCache cache) {
        FailurePolicy named = explicit(onError);
        return named != null ? named : cache.config().failurePolicy();
    }
}
