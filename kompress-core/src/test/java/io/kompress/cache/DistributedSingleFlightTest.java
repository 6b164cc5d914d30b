package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.internal.engine.DefaultKompressCache;
import io.kompress.cache.internal.engine.LoadLock;
import io.kompress.cache.internal.time.FakeTime;
import io.kompress.cache.internal.time.SystemTime;
import io.kompress.cache.internal.topology.CallEvents;
import io.kompress.cache.internal.topology.Topologies;
import io.kompress.cache.internal.topology.Topology;
import io.kompress.testing.RedisGroup;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * Single-flight across JVMs, with two independent caches (separate pools, separate in-JVM single-flight) standing
 * in for two JVMs, against a real primary and replica.
 */
class DistributedSingleFlightTest {

    record Product(String sku, int stock) {
    }

    private static final CacheModel<Product> PRODUCT = CacheModel.of(Product.class);
    private static final int THREADS_PER_CACHE = 16;

    private static RedisGroup redis;
    private KompressCache jvmA;
    private KompressCache jvmB;
    private final AtomicInteger loads = new AtomicInteger();
    private ExecutorService pool;
    private String key;

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(1);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @BeforeEach
    void caches(TestInfo info) {
        key = "dsf:" + info.getDisplayName();
        jvmA = TestCaches.create(redis, Duration.ofSeconds(2));
        jvmB = TestCaches.create(redis, Duration.ofSeconds(2));
        pool = Executors.newFixedThreadPool(2 * THREADS_PER_CACHE);
    }

    @AfterEach
    void close() {
        pool.shutdownNow();
        jvmA.close();
        jvmB.close();
    }

    private static CachePolicy policy(Duration lease, Duration wait) {
        return CachePolicy.builder().ttl(Duration.ofMinutes(5)).distributedSingleFlight(lease, wait).build();
    }

    private Product slowLoad(long millis) throws InterruptedException {
        loads.incrementAndGet();
        Thread.sleep(millis);
        return new Product("sku-1", 7);
    }

    /** Every thread of both caches asks for the same entry at once; returns what each got. */
    private List<Product> stampede(CachePolicy policy, Loadable<Product> loader) throws Exception {
        return results(start(jvmA, jvmB, policy, loader));
    }

    private List<Future<Product>> start(KompressCache a, KompressCache b, CachePolicy policy,
                                        Loadable<Product> loader) {
        CyclicBarrier start = new CyclicBarrier(2 * THREADS_PER_CACHE);
        List<Future<Product>> results = new ArrayList<>();
        for (int i = 0; i < 2 * THREADS_PER_CACHE; i++) {
            KompressCache cache = i % 2 == 0 ? a : b;
            results.add(pool.submit(() -> {
                start.await();
                return cache.hgetL(key, "1", loader, PRODUCT, policy);
            }));
        }
        return results;
    }

    private static List<Product> results(List<Future<Product>> results) throws Exception {
        List<Product> out = new ArrayList<>();
        for (Future<Product> f : results) {
            out.add(f.get());
        }
        return out;
    }

    private String lockValue() {
        try (Jedis j = redis.primary().connect()) {
            return j.get(LoadLock.lockKey(key, "1"));
        }
    }

    @Test
    void loaderRunsOnceAcrossTwoCachesAndThirtyTwoThreads() throws Exception {
        List<Product> got = stampede(policy(Duration.ofSeconds(10), Duration.ofSeconds(5)), () -> slowLoad(300));
        assertEquals(1, loads.get(), "one load for 32 concurrent misses in two JVMs");
        assertTrue(got.stream().allMatch(new Product("sku-1", 7)::equals), got.toString());
        assertNull(lockValue(), "the holder released its lock");
    }

    @Test
    void withoutTheLockEachCacheLoadsOnItsOwn() throws Exception {
        // Each cache's leader waits in its loader for the other cache's leader: both loads run at the same time, which
        // only happens when nothing coordinates the two caches. (A count of exactly 2 would also count a starved
        // thread that arrives after its cache's write-back but before the replica has it: a legitimate third load.)
        CyclicBarrier bothLoading = new CyclicBarrier(2);
        List<Product> got = stampede(CachePolicy.builder().ttl(Duration.ofMinutes(5)).build(), () -> {
            if (loads.incrementAndGet() <= 2) { // the second is the other cache's: one cache runs one flight at a time
                bothLoading.await(60, TimeUnit.SECONDS);
            }
            return new Product("sku-1", 7);
        });
        assertTrue(loads.get() >= 2, "per-JVM single-flight only: each cache loads");
        assertTrue(got.stream().allMatch(new Product("sku-1", 7)::equals), got.toString());
    }

    @Test
    void waitersLoadThemselvesWhenTheHolderNeverDeliversAndNeverWaitLongerThanTheWait() throws Exception {
        try (Jedis j = redis.primary().connect()) { // a holder that crashed mid-load, its lease far from over
            j.set(LoadLock.lockKey(key, "1"), "dead-holder", SetParams.setParams().px(60_000));
        }
        FakeTime time = new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
        KompressConfig config = TestCaches.configFor(redis, Duration.ofSeconds(2)).build();
        try (KompressCache a = new DefaultKompressCache(config, time);
             KompressCache b = new DefaultKompressCache(config, time)) {
            List<Future<Product>> running = start(a, b, policy(Duration.ofSeconds(10), Duration.ofMillis(400)),
                () -> slowLoad(10));
            // 30 followers wait on their cache's leader; the 2 leaders poll the lock between fake-time pauses.
            long waitedMs = 0;
            while (waitedMs < 390) {
                time.awaitWaiters(2 * THREADS_PER_CACHE);
                time.advance(Duration.ofMillis(10));
                waitedMs += 10;
            }
            assertEquals(0, loads.get(), "nobody loads before the wait is over");
            assertTrue(running.stream().noneMatch(Future::isDone));
            time.awaitWaiters(2 * THREADS_PER_CACHE);
            time.advance(Duration.ofMillis(10));
            List<Product> got = results(running);
            assertEquals(2, loads.get(), "each cache's leader loads itself once the wait is over");
            assertEquals(32, got.size());
        }
        assertEquals("dead-holder", lockValue(), "a lock that is not ours is left alone");
    }

    @Test
    void aCrashedHoldersLockRunsOutAndOneWaiterTakesOver() throws Exception {
        try (Jedis j = redis.primary().connect()) {
            j.set(LoadLock.lockKey(key, "1"), "dead-holder", SetParams.setParams().px(300));
        }
        stampede(policy(Duration.ofSeconds(10), Duration.ofSeconds(30)), () -> slowLoad(200));
        assertEquals(1, loads.get(), "once the dead holder's lease ended (in Redis), one caller loaded for everyone");
        assertNull(lockValue(), "and released the lock it took over");
    }

    @Test
    void aHolderWhoseLoaderFailsReleasesTheLockAndAWaiterLoads() throws Exception {
        CachePolicy policy = policy(Duration.ofSeconds(10), Duration.ofSeconds(5));
        AtomicInteger calls = new AtomicInteger();
        Loadable<Product> failsFirst = () -> {
            if (calls.incrementAndGet() == 1) {
                Thread.sleep(200);
                throw new IOException("database hiccup");
            }
            return slowLoad(50);
        };
        CompletableFuture<Product> a = CompletableFuture.supplyAsync(() -> jvmA.hgetL(key, "1", failsFirst, PRODUCT,
            policy), pool);
        Thread.sleep(50); // A holds the lock by now
        CompletableFuture<Product> b = CompletableFuture.supplyAsync(() -> jvmB.hgetL(key, "1", failsFirst, PRODUCT,
            policy), pool);
        ExecutionException e = assertThrows(ExecutionException.class, a::get);
        assertEquals("database hiccup", e.getCause().getMessage());
        assertEquals(new Product("sku-1", 7), b.get());
        assertEquals(2, calls.get());
    }

    @Test
    void aPausedPrimaryCostsTheLockNothingButItsTimeoutCallersStillGetValues() throws Exception {
        try (KompressCache fast = TestCaches.create(redis, Duration.ofMillis(300))) {
            CachePolicy policy = policy(Duration.ofSeconds(10), Duration.ofSeconds(60));
            redis.primary().pause();
            try {
                long start = System.nanoTime();
                List<Future<Product>> results = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    String field = "f" + i;
                    results.add(pool.submit(() -> fast.hgetL(key, field, () -> slowLoad(10), PRODUCT, policy)));
                }
                for (Future<Product> f : results) {
                    assertEquals(new Product("sku-1", 7), f.get());
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                // A caller that took the lock's failure for a busy lock would wait the whole minute.
                assertTrue(millis < 30_000, "no lock wait on a dead primary: " + millis + " ms");
                assertEquals(8, loads.get(), "fail-open: every caller loads");
            } finally {
                redis.primary().resume();
            }
        }
    }

    @Test
    void lockIsReleasedOnlyByTheTokenThatHoldsIt() {
        KompressConfig config = TestCaches.configFor(redis, Duration.ofSeconds(2)).build();
        try (Topology topology = Topologies.create(config, CallEvents.NONE, SystemTime.INSTANCE)) {
            LoadLock lock = new LoadLock(topology);
            String token = lock.tryAcquire(key, "1", 10_000);
            assertNotNull(token);
            assertNull(lock.tryAcquire(key, "1", 10_000), "held");
            lock.release(key, "1", "someone-else");
            assertEquals(token, lockValue());
            lock.release(key, "1", token);
            assertNull(lockValue());
        }
    }

    @Test
    void lockKeysOfDifferentKeyAndFieldPairsNeverCollide() {
        assertFalse(LoadLock.lockKey("a:b", "c").equals(LoadLock.lockKey("a", "b:c")));
    }
}
