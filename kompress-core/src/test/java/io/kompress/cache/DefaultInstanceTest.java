package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.observability.CacheStats.Counter;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The process-wide instance behind {@link KompressCache#get()}, which the aspect uses. */
class DefaultInstanceTest {

    @AfterEach
    void reset() {
        KompressCache.setDefault(null);
    }

    @Test
    void setDefaultIsWhatGetReturns() {
        try (KompressCache mine = KompressCache.create(KompressConfig.builder().build())) {
            KompressCache.setDefault(mine);
            assertSame(mine, KompressCache.get());
            assertSame(mine, KompressCache.get());
        }
    }

    @Test
    void withoutOneGetCreatesOneFromTheEnvironmentAndReplacingItClosesIt() {
        KompressCache.setDefault(null);
        KompressCache fromEnv = KompressCache.get();
        assertEquals(0, fromEnv.stats().count(Counter.LOOKUP_ERRORS), "a working cache, not yet used");
        assertSame(fromEnv, KompressCache.get());
        try (KompressCache mine = KompressCache.create(KompressConfig.fromEnv(Map.of()))) {
            KompressCache.setDefault(mine);
            assertThrows(IllegalStateException.class, () -> fromEnv.hget("k", "f"), "ours, so closed");
        }
    }

    @Test
    void anInstanceTheApplicationSetIsNotClosedWhenReplaced() {
        try (KompressCache mine = KompressCache.create(KompressConfig.builder().build());
             KompressCache other = KompressCache.create(KompressConfig.builder().build())) {
            KompressCache.setDefault(mine);
            KompressCache.setDefault(other);
            assertNotNull(mine.stats()); // still usable
            assertThrows(IllegalArgumentException.class, () -> mine.hget("", "f")); // argument checks, not closed
        }
    }
}
