package io.kompress.aspect;

import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.time.Clock;
import java.time.Duration;

/** Caches pointed at harness-started groups, installed as the default the woven code uses. */
final class TestCaches {

    private TestCaches() {
    }

    static KompressCache installFor(RedisGroup group) {
        return installFor(group, Clock.systemUTC());
    }

    /** A cache whose entry expiry follows {@code clock}, so that tests move time instead of sleeping. */
    static KompressCache installFor(RedisGroup group, Clock clock) {
        KompressConfig.Builder b = KompressConfig.builder().clock(clock)
            .primary(group.primary().host(), group.primary().port())
            .timeout(Duration.ofMillis(500))
            .probeDelays(Duration.ofMillis(50), Duration.ofMillis(200));
        for (RedisProcess r : group.replicas()) {
            b.replica(r.host(), r.port());
        }
        KompressCache cache = KompressCache.create(b.build());
        KompressCache.setDefault(cache);
        return cache;
    }

    static void uninstall(KompressCache cache) {
        KompressCache.setDefault(null);
        cache.close();
    }
}
