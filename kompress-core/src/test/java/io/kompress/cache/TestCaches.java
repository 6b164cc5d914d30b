package io.kompress.cache;

import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.time.Duration;

/** Builds caches pointed at harness-started Redis groups, with fast health probes. */
final class TestCaches {

    private TestCaches() {
    }

    static KompressConfig.Builder configFor(RedisGroup group, Duration timeout) {
        KompressConfig.Builder b = KompressConfig.builder()
            .primary(group.primary().host(), group.primary().port())
            .timeout(timeout)
            .probeDelays(Duration.ofMillis(50), Duration.ofMillis(200));
        for (RedisProcess r : group.replicas()) {
            b.replica(r.host(), r.port());
        }
        return b;
    }

    static KompressCache create(RedisGroup group, Duration timeout) {
        return KompressCache.create(configFor(group, timeout).build());
    }

    static long elapsedMillis(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1_000_000;
    }
}
