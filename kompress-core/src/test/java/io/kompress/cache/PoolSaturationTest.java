package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.observability.CacheListener;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import io.kompress.cache.observability.NodeHealth;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
            Item item = cache.hgetL("sat", "2", () -> new Item(loads.incrementAndGet()), ITEM, CachePolicy.none());
            assertEquals(new Item(1), item, "read-through fails open to the loader");

            release.countDown();
            for (Future<?> h : holders) {
                h.get(10, TimeUnit.SECONDS);
            }
            pool.shutdown();
            assertEquals("{\"id\":1}", cache.hget("sat", "1"), "served at once: no breaker opened, no probe needed");
            CacheStats stats = cache.stats();
            assertTrue(stats.count(Counter.POOL_WAITS) >= 2, stats.toString());
            assertTrue(stats.count(Counter.POOL_TIMEOUTS) >= 2, stats.toString());
            assertEquals(0, stats.count(Counter.REPLICA_FAILOVERS));
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
                        if (cache.hgetL("queue", "1", () -> new Item(-1), ITEM, CachePolicy.none()).id() == 1) {
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
            assertEquals(0, stats.count(Counter.POOL_TIMEOUTS), stats.toString());
            assertEquals(0, stats.count(Counter.REPLICA_FAILOVERS), stats.toString());
            assertEquals(0, stats.count(Counter.UNAVAILABLE_ERRORS) + stats.count(Counter.TIMEOUT_ERRORS),
                stats.toString());
            assertTrue(stats.count(Counter.POOL_WAITS) > 0, "64 callers on 2 connections queued: " + stats);
        }
    }

    @Test
    void readThroughLookupsQueuedForABusyConnectionRideAlongInOneRoundTrip() throws Exception {
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(10))
                 .poolSize(1).build())) {
            int readers = 20;
            seedItems(cache, redis, "ride", readers);
            Held held = holdOnlyConnection(cache, "ride");
            RedisProcess replica = redis.replica(0);
            long readsBefore = readsProcessed(replica);
            Readers queued = Readers.start(cache, "ride", readers);
            awaitWaiting(cache, replica, readers);
            held.release();
            for (int i = 0; i < readers; i++) {
                assertEquals(new Item(i), queued.value(i), "field " + i);
            }
            queued.pool().shutdown();
            // socket reads the replica served: the holder's PING, the queued lookups, and the two INFO calls
            long reads = readsProcessed(replica) - readsBefore;
            assertTrue(reads <= readers / 2,
                readers + " queued lookups took " + reads + " socket reads on the replica");
            CacheStats stats = cache.stats();
            assertEquals(0, stats.count(Counter.REPLICA_FAILOVERS), stats.toString());
            assertTrue(stats.count(Counter.POOL_WAITS) >= readers, stats.toString());
        }
    }

    @Test
    void ridersOfAPipelineToADeadReplicaEachFailOverToThePrimary() throws Exception {
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2))
                 .poolSize(1).build())) {
            int readers = 10;
            seedItems(cache, redis, "dead", readers);
            Held held = holdOnlyConnection(cache, "dead");
            Readers queued = Readers.start(cache, "dead", readers);
            awaitWaiting(cache, redis.replica(0), readers);
            redis.replica(0).kill();
            held.release();
            for (int i = 0; i < readers; i++) {
                assertEquals(new Item(i), queued.value(i), "field " + i);
            }
            queued.pool().shutdown();
            CacheStats stats = cache.stats();
            assertEquals(0, stats.count(Counter.UNAVAILABLE_ERRORS) + stats.count(Counter.TIMEOUT_ERRORS),
                stats.toString());
            assertTrue(stats.count(Counter.REPLICA_FAILOVERS) >= 1, stats.toString());
        }
    }

    @Test
    void aListenerErrorInTheCallerAheadStrandsNoRider() throws Exception {
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(10))
                 .poolSize(1).build())) {
            int readers = 8;
            seedItems(cache, redis, "strand", readers);
            AtomicBoolean armed = new AtomicBoolean();
            cache.addListener(new CacheListener() {
                @Override
                public void onPoolWait(String key, String node, long nanos, boolean timedOut) {
                    if (armed.compareAndSet(true, false)) {
                        throw new AssertionError("a listener that fails hard, once");
                    }
                }
            });
            Held held = holdOnlyConnection(cache, "strand");
            Readers queued = Readers.start(cache, "strand", readers);
            awaitWaiting(cache, redis.replica(0), readers);
            armed.set(true); // the first caller to hear of its wait is the one handed the connection
            held.release();
            int failed = 0;
            for (int i = 0; i < readers; i++) {
                try {
                    assertEquals(new Item(i), queued.value(i), "field " + i);
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof AssertionError, e.toString());
                    failed++;
                }
            }
            queued.pool().shutdown();
            assertEquals(1, failed, "only the caller whose listener failed");
        }
    }

    /** Stores items 0 to {@code n - 1} of {@code key} and waits until the replicas have them. */
    private static void seedItems(KompressCache cache, RedisGroup redis, String key, int n) {
        for (int i = 0; i < n; i++) {
            cache.hset(key, Integer.toString(i), "{\"id\":" + i + "}");
        }
        redis.awaitReplication();
    }

    /** One thread per item, each reading it through {@code hgetL} (a loader that would answer -1). */
    private record Readers(ExecutorService pool, List<Future<Item>> values) {
        static Readers start(KompressCache cache, String key, int n) {
            ExecutorService pool = Executors.newFixedThreadPool(n);
            List<Future<Item>> values = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String field = Integer.toString(i);
                values.add(pool.submit(() -> cache.hgetL(key, field, () -> new Item(-1), ITEM, CachePolicy.none())));
            }
            return new Readers(pool, values);
        }

        Item value(int i) throws Exception {
            return values.get(i).get(30, TimeUnit.SECONDS);
        }
    }

    /** A call holding a node's only connection until released. */
    private record Held(CountDownLatch latch, ExecutorService thread, Future<?> call) {
        void release() throws Exception {
            latch.countDown();
            try {
                call.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // the holder's own PING may fail over (the replica was killed under it): not what is tested
            }
            thread.shutdown();
        }
    }

    private static Held holdOnlyConnection(KompressCache cache, String key) throws InterruptedException {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        Future<?> call = thread.submit(() -> cache.onReplica(key, r -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return r.ping();
        }));
        assertTrue(holding.await(10, TimeUnit.SECONDS));
        return new Held(release, thread, call);
    }

    private static void awaitWaiting(KompressCache cache, RedisProcess node, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        int waiting = 0;
        while (System.nanoTime() < deadline) {
            waiting = cache.health().stream().filter(h -> h.node().endsWith(":" + node.port()))
                .mapToInt(NodeHealth::waiting).sum();
            if (waiting >= n) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError(n + " callers never queued on " + node.address() + ": " + waiting);
    }

    private static long readsProcessed(RedisProcess node) {
        return node.info("stats").lines().filter(l -> l.startsWith("total_reads_processed:"))
            .mapToLong(l -> Long.parseLong(l.substring(l.indexOf(':') + 1).trim())).findFirst()
            .orElseThrow(() -> new AssertionError("no total_reads_processed in INFO stats"));
    }
}
