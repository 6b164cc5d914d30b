package io.kompress.cache;

import io.kompress.cache.config.KompressConfig;
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

    /**
     * Retries {@code call} until it returns without throwing, for at most {@code within}: the primary's breaker
     * lets calls through again once a health probe (every 50 ms here) has reached it.
     */
    static <T> T eventually(java.util.function.Supplier<T> call, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }
}
