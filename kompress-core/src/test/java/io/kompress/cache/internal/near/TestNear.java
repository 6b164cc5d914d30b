package io.kompress.cache.internal.near;

import io.kompress.cache.config.NearCacheOptions;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/** Near caches for unit tests: no field streams, a clock the test sets (fixed at 0 unless given). */
final class TestNear {

    private TestNear() {
    }

    static NearCache create(NearCacheOptions options, Predicate<String> tracked) {
        return create(options, tracked, () -> 0L);
    }

    static NearCache create(NearCacheOptions options, Predicate<String> tracked, LongSupplier clock) {
        return new NearCache(options, tracked, new Stamps(), () -> 0, 1_000, clock);
    }
}
