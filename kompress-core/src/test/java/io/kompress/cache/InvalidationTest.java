package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import io.kompress.testing.RedisGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Invalidations converge: the cache-aside race (a reader loads the old value, a writer updates and evicts, the
 * reader writes the old value back) cannot leave a stale entry, forced here with latches; and an eviction that
 * fails while the primary is paused is retried until it lands. Real Redis processes.
 */
class InvalidationTest {

    record Account(long id, int balance) {
    }

    private static final CacheModel<Account> ACCOUNT = CacheModel.of(Account.class);

    @Test
    void aReaderThatLoadedBeforeAnEvictionCannotWriteItsOlderValueBack() throws Exception {
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(2))) {
            AtomicReference<Account> database = new AtomicReference<>(new Account(1, 100));
            CountDownLatch loaded = new CountDownLatch(1);
            CountDownLatch evicted = new CountDownLatch(1);
            CompletableFuture<Account> reader = CompletableFuture.supplyAsync(() ->
                cache.hgetL("accounts", "1", () -> {
                    Account old = database.get(); // reads the database before the update...
                    loaded.countDown();
                    evicted.await(10, TimeUnit.SECONDS); // ...and is descheduled until after the eviction
                    return old;
                }, ACCOUNT, CachePolicy.none()));
            assertTrue(loaded.await(10, TimeUnit.SECONDS));
            database.set(new Account(1, 50)); // the writer updates the database
            cache.hdel("accounts", "1"); // and evicts
            evicted.countDown();

            assertEquals(100, reader.get(10, TimeUnit.SECONDS).balance(), "the reader gets what it loaded");
            try (Jedis j = redis.primary().connect()) {
                assertNull(j.hget("accounts", "1"), "but its older value was not stored over the eviction");
            }
            assertEquals(1, cache.stats().count(Counter.REFUSED_WRITE_BACKS));
            redis.awaitReplication();
            assertEquals(50, cache.hgetL("accounts", "1", database::get, ACCOUNT, CachePolicy.none()).balance(),
                "next read: fresh");
            redis.awaitReplication(); // the next read goes to the replica
            assertEquals(50, cache.hgetL("accounts", "1", () -> new Account(1, -1), ACCOUNT,
                CachePolicy.none()).balance(),
                "and that one was stored");
        }
    }

    @Test
    void aReaderThatLoadedBeforeAnEvictionCannotWriteBackEvenAfterAFresherWriteBackLanded() throws Exception {
        try (RedisGroup redis = RedisGroup.start(0);
             KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(2));
             KompressCache otherService = TestCaches.create(redis, Duration.ofSeconds(2))) {
            AtomicReference<Account> database = new AtomicReference<>(new Account(3, 100));
            CountDownLatch loaded = new CountDownLatch(1);
            CountDownLatch refreshed = new CountDownLatch(1);
            CompletableFuture<Account> slow = CompletableFuture.supplyAsync(() ->
                cache.hgetL("accounts", "3", () -> { // misses a field that was never cached nor evicted
                    Account old = database.get();
                    loaded.countDown();
                    refreshed.await(10, TimeUnit.SECONDS);
                    return old;
                }, ACCOUNT, CachePolicy.none()));
            assertTrue(loaded.await(10, TimeUnit.SECONDS));
            database.set(new Account(3, 50));
            cache.hdel("accounts", "3"); // the writer's eviction
            assertEquals(50, otherService.hgetL("accounts", "3", database::get, ACCOUNT, CachePolicy.none()).balance(),
                "a later reader (another service) loads the new value and stores it");
            refreshed.countDown();

            assertEquals(100, slow.get(10, TimeUnit.SECONDS).balance());
            try (Jedis j = redis.primary().connect()) {
                assertEquals("{\"id\":3,\"balance\":50}", j.hget("accounts", "3"),
                    "the slow reader's older value did not replace the fresher write-back");
            }
            assertEquals(1, cache.stats().count(Counter.REFUSED_WRITE_BACKS));
            assertEquals(50, cache.hgetL("accounts", "3", () -> new Account(3, -1), ACCOUNT,
                CachePolicy.none()).balance(),
                "and the stored entry is served as a hit");
        }
    }

    @Test
    void aWriteBackWithNoEvictionInBetweenLands() {
        try (RedisGroup redis = RedisGroup.start(0);
             KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(2))) {
            cache.hgetL("accounts", "2", () -> new Account(2, 7), ACCOUNT, CachePolicy.none());
            try (Jedis j = redis.primary().connect()) {
                assertEquals("{\"id\":2,\"balance\":7}", j.hget("accounts", "2"));
            }
            assertEquals(0, cache.stats().count(Counter.REFUSED_WRITE_BACKS));
        }
    }

    @Test
    void anEvictionThatFailsWhileThePrimaryIsPausedIsAppliedOnceItAnswers() throws Exception {
        try (RedisGroup redis = RedisGroup.start(0);
             KompressCache cache = TestCaches.create(redis, Duration.ofMillis(300))) {
            cache.hgetL("accounts", "3", () -> new Account(3, 100), ACCOUNT, CachePolicy.none());
            redis.primary().pause();
            try {
                assertThrows(KompressCacheException.class, () -> cache.hdel("accounts", "3"));
            } finally {
                redis.primary().resume();
            }
            assertEquals(1, cache.stats().count(Counter.DEFERRED_EVICTIONS));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String left;
            do {
                try (Jedis j = redis.primary().connect()) {
                    left = j.hget("accounts", "3");
                }
            } while (left != null && System.nanoTime() < deadline && sleep());
            assertNull(left, "the deferred eviction reached the primary");
            assertEquals(0, cache.stats().count(Counter.ABANDONED_EVICTIONS));
            assertEquals(1, cache.hgetL("accounts", "3", () -> new Account(3, 1), ACCOUNT,
                CachePolicy.none()).balance(), "reloaded");
        }
    }

    @Test
    void evictionsStillPendingWhenTheCacheClosesAreCountedAsAbandoned() {
        try (RedisGroup redis = RedisGroup.start(0)) {
            KompressCache cache = TestCaches.create(redis, Duration.ofMillis(300));
            cache.hgetL("accounts", "4", () -> new Account(4, 100), ACCOUNT, CachePolicy.none());
            redis.primary().pause();
            try {
                assertThrows(KompressCacheException.class, () -> cache.hdel("accounts", "4", "5"));
                cache.close(); // one last attempt fails too: both are given up, and logged
                assertEquals(2, cache.stats().count(Counter.ABANDONED_EVICTIONS));
            } finally {
                redis.primary().resume();
            }
        }
    }

    @Test
    void afterReadsUpdatesAndAPrimaryPauseNoCachedEntryIsOlderThanTheDatabase() throws Exception {
        int ids = 50;
        ConcurrentHashMap<Integer, AtomicInteger> database = new ConcurrentHashMap<>();
        for (int i = 0; i < ids; i++) {
            database.put(i, new AtomicInteger());
        }
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = TestCaches.create(redis, Duration.ofMillis(300))) {
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong done = new AtomicLong(); // calls that returned, failed or not
            ExecutorService load = Executors.newFixedThreadPool(8);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean writer = t < 2;
                workers.add(load.submit(() -> {
                    while (running.get()) {
                        int id = ThreadLocalRandom.current().nextInt(ids);
                        try {
                            if (writer) {
                                database.get(id).incrementAndGet(); // the database update...
                                cache.hdel("ledger", Integer.toString(id)); // ...then the eviction
                            } else {
                                cache.hgetL("ledger", Integer.toString(id),
                                    () -> new Account(id, database.get(id).get()), ACCOUNT, CachePolicy.none());
                            }
                        } catch (KompressCacheException e) {
                            // the primary is paused: evictions fail (and are deferred), reads fail open
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            awaitCalls(done, 2_000, "calls before the pause");
            redis.primary().pause();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (cache.stats().count(Counter.DEFERRED_EVICTIONS) < 5 && System.nanoTime() < deadline && sleep()) {
                // the pause is felt once evictions fail and are deferred
            }
            assertTrue(cache.stats().count(Counter.DEFERRED_EVICTIONS) >= 5, "no eviction failed while paused");
            redis.primary().resume();
            awaitCalls(done, done.get() + 2_000, "calls after the pause");
            running.set(false);
            for (Future<?> w : workers) {
                w.get(30, TimeUnit.SECONDS);
            }
            load.shutdown();

            long settled = System.nanoTime();
            int stale;
            do {
                stale = staleEntries(redis, database);
            } while (stale > 0 && System.nanoTime() - settled < TimeUnit.SECONDS.toNanos(30) && sleep());
            CacheStats stats = cache.stats();
            System.out.printf("Invalidation run: %d stale entries %d ms after the load stopped; deferred "
                    + "evictions %d, abandoned %d, refused write-backs %d%n", stale,
                (System.nanoTime() - settled) / 1_000_000, stats.count(Counter.DEFERRED_EVICTIONS),
                    stats.count(Counter.ABANDONED_EVICTIONS),
                stats.count(Counter.REFUSED_WRITE_BACKS));
            assertEquals(0, stale, "entries older than the database");
            assertTrue(stats.count(Counter.DEFERRED_EVICTIONS) > 0, "the pause made some evictions fail: " + stats);
            assertEquals(0, stats.count(Counter.ABANDONED_EVICTIONS));
        }
    }

    /** Entries on the primary whose version is older than the database's. */
    private static int staleEntries(RedisGroup redis, Map<Integer, AtomicInteger> database) {
        int stale = 0;
        try (Jedis j = redis.primary().connect()) {
            for (Map.Entry<Integer, AtomicInteger> e : database.entrySet()) {
                String json = j.hget("ledger", Integer.toString(e.getKey()));
                if (json != null && ACCOUNT.fromJson(json).balance() < e.getValue().get()) {
                    stale++;
                }
            }
        }
        return stale;
    }

    /** Waits until {@code done} reaches {@code target}; 60 s bounds a starved machine. */
    private static void awaitCalls(AtomicLong done, long target, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (done.get() < target && System.nanoTime() < deadline && sleep()) {
            // polling the load's progress
        }
        assertTrue(done.get() >= target, "too few " + what + ": " + done.get());
    }

    private static boolean sleep() {
        try {
            Thread.sleep(20); // polling a real process for an outcome; no timing is asserted
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return true;
    }
}
