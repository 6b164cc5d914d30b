package io.kompress.cache.internal.near;

import io.kompress.cache.config.NearCacheOptions;
import java.util.function.Predicate;

/** Near caches for unit tests: no field streams, a fixed clock. */
final class TestNear {

    private TestNear() {
    }

    static NearCache create(NearCacheOptions options, Predicate<String> tracked) {
        return new NearCache(options, tracked, new Stamps(), () -> 0, 1_000, () -> 0L);
    }
}
