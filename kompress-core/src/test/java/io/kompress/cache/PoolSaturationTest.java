package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.testing.RedisGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Waiting for a pooled connection says the client is saturated, not that the node is down: a caller that waits
 * out the timeout gets a 503 (read-through fails open to the loader) and the node stays in rotation, and callers
 * beyond the pool queue first come, first served. Real Redis; connections are held busy with latches.
 */
class PoolSaturationTest {

    record Item(int id) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);

    @Test
    void aCallThatWaitsOutTheTimeoutFailsButTheNodeIsNotMarkedDown() throws Exception {
        try (RedisGroup redis = RedisGroup.start(0);
             KompressCache cache = KompressCache.create(TestCaches.configFor(redis, Duration.ofMillis(300))
                 .poolSize(2).build())) {
            cache.hset("sat", "1", "{\"id\":1}");
            CountDownLatch holding = new CountDownLatch(2);
            CountDownLatch release = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(2);
            List<Future<?>> holders = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                holders.add(pool.submit(() -> cache.onReplica("sat", r -> {
                    holding.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return r.ping();
                })));
            }
            assertTrue(holding.await(10, TimeUnit.SECONDS));

            CacheUnavailableException e = assertThrows(CacheUnavailableException.class, () -> cache.hget("sat", "1"));
            assertTrue(e.getMessage().contains("not marked down"), e.getMessage());
            AtomicInteger loads = new AtomicInteger();
            Item item = cache.hgetL("sat", "2", () -> new Item(loads.incrementAndGet()), ITEM);
            assertEquals(new Item(1), item, "read-through fails open to the loader");

            release.countDown();
            for (Future<?> h : holders) {
                h.get(10, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals("{\"id\":1}", cache.hget("sat", "1"), "served at once: no breaker opened, no probe needed");
            CacheStats stats = cache.stats();
            assertTrue(stats.poolWaits() >= 2, stats.toString());
            assertTrue(stats.poolTimeouts() >= 2, stats.toString());
            assertEquals(0, stats.replicaFailovers());
        }
    }

    @Test
    void callersBeyondThePoolQueueAndAllAreServedWithinTheTimeout() throws Exception {
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(5))
                 .poolSize(2).build())) {
            cache.hset("queue", "1", "{\"id\":1}");
            redis.awaitReplication();
            int threads = 64;
            int calls = 200;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < calls; i++) {
                        if (cache.hgetL("queue", "1", () -> new Item(-1), ITEM).id() == 1) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            int ok = 0;
            for (Future<Integer> f : results) {
                ok += f.get(5, TimeUnit.MINUTES);
            }
            pool.shutdown();
            CacheStats stats = cache.stats();
            assertEquals(threads * calls, ok, "every call a hit: " + stats);
            assertEquals(0, stats.poolTimeouts(), stats.toString());
            assertEquals(0, stats.replicaFailovers(), stats.toString());
            assertEquals(0, stats.unavailableErrors() + stats.timeoutErrors(), stats.toString());
            assertTrue(stats.poolWaits() > 0, "64 callers on 2 connections queued: " + stats);
        }
    }
}
