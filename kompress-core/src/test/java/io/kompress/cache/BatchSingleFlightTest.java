package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.testing.RedisGroup;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Concurrent batch and single-id calls in one JVM share the loads of the ids they have in common: each id is
 * loaded once, by whichever call claimed it first, and the others wait for that result (real Redis; latches force
 * the interleaving, no sleeps).
 */
class BatchSingleFlightTest {

    record Item(int id, String name) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);
    private static final long WAIT_S = 30;

    /** A bulk loader that records each call and, when told to, holds its first call until released. */
    @SuppressWarnings("checkstyle:VisibilityModifier") // a test double: the test reads its fields
    private static final class Db implements BulkLoadable<Item> {
        final List<Set<String>> calls = new CopyOnWriteArrayList<>();
        final CountDownLatch firstStarted = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch secondCalled = new CountDownLatch(1);
        volatile RuntimeException failFirst;

        @Override
        public Map<String, Item> load(Set<String> fields) throws InterruptedException {
            calls.add(Set.copyOf(fields));
            if (calls.size() == 1) {
                firstStarted.countDown();
                assertTrue(release.await(WAIT_S, TimeUnit.SECONDS), "released");
                if (failFirst != null) {
                    throw failFirst;
                }
            } else {
                secondCalled.countDown();
            }
            Map<String, Item> out = new LinkedHashMap<>();
            fields.forEach(f -> out.put(f, new Item(Integer.parseInt(f), "item-" + f)));
            return out;
        }
    }

    private static KompressCache cache(RedisGroup redis) {
        return KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(1))
            .singleFlightWait(Duration.ofSeconds(WAIT_S)).build());
    }

    /** Returns once {@code thread} is parked in the single-flight wait (its stack shows it). */
    private static void awaitWaitingForAnotherLoad(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_S);
        while (System.nanoTime() < deadline) {
            boolean parked = thread.getState() == Thread.State.TIMED_WAITING;
            for (StackTraceElement frame : thread.getStackTrace()) {
                if (parked && frame.getClassName().endsWith(".SingleFlight")) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(thread.getName() + " never waited for the batch's load");
    }

    @Test
    void aBatchWaitsForTheIdsAnotherBatchIsLoadingAndLoadsOnlyTheRest() throws Exception {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            Db db = new Db();
            CompletableFuture<Map<String, Item>> first = CompletableFuture.supplyAsync(
                () -> cache.hmgetL("items", List.of("1", "2", "3"), db, ITEM, CachePolicy.none()));
            assertTrue(db.firstStarted.await(WAIT_S, TimeUnit.SECONDS));
            CompletableFuture<Map<String, Item>> second = CompletableFuture.supplyAsync(
                () -> cache.hmgetL("items", List.of("2", "3", "4"), db, ITEM, CachePolicy.none()));
            assertTrue(db.secondCalled.await(WAIT_S, TimeUnit.SECONDS), "the second batch loaded its own id");
            assertEquals(Set.of("4"), db.calls.get(1), "only the id nobody else was loading");
            assertFalse(second.isDone(), "it waits for ids 2 and 3");
            db.release.countDown();
            assertEquals(List.of("1", "2", "3"), List.copyOf(first.get(WAIT_S, TimeUnit.SECONDS).keySet()));
            Map<String, Item> got = second.get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(List.of("2", "3", "4"), List.copyOf(got.keySet()), "in the caller's order");
            assertEquals(new Item(2, "item-2"), got.get("2"));
            assertEquals(2, db.calls.size(), "each id loaded once");
        }
    }

    @Test
    void aSingleIdCallWaitsForTheBatchLoadingItsId() throws Exception {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            Db db = new Db();
            CompletableFuture<Map<String, Item>> batch = CompletableFuture.supplyAsync(
                () -> cache.hmgetL("items", List.of("1", "2"), db, ITEM, CachePolicy.none()));
            assertTrue(db.firstStarted.await(WAIT_S, TimeUnit.SECONDS));
            CountDownLatch singleLoaded = new CountDownLatch(1);
            CompletableFuture<Item> single = new CompletableFuture<>();
            Thread caller = new Thread(() -> single.complete(cache.hgetL("items", "2", () -> {
                singleLoaded.countDown();
                return new Item(-1, "loaded twice");
            }, Item.class)), "single-id caller");
            caller.start();
            awaitWaitingForAnotherLoad(caller);
            db.release.countDown();
            Item shared = single.get(WAIT_S, TimeUnit.SECONDS);
            assertEquals(new Item(2, "item-2"), shared, "the batch's value, not a second load");
            assertSame(batch.get(WAIT_S, TimeUnit.SECONDS).get("2"), shared);
            assertEquals(1, singleLoaded.getCount(), "the single-id loader never ran");
        }
    }

    @Test
    void aFailedLoadReachesTheBatchesWaitingForItsIds() throws Exception {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            Db db = new Db();
            db.failFirst = new IllegalStateException("database down");
            CompletableFuture<Map<String, Item>> first = CompletableFuture.supplyAsync(
                () -> cache.hmgetL("items", List.of("1", "2"), db, ITEM, CachePolicy.none()));
            assertTrue(db.firstStarted.await(WAIT_S, TimeUnit.SECONDS));
            CompletableFuture<Map<String, Item>> second = CompletableFuture.supplyAsync(
                () -> cache.hmgetL("items", List.of("2", "3"), db, ITEM, CachePolicy.none()));
            assertTrue(db.secondCalled.await(WAIT_S, TimeUnit.SECONDS));
            db.release.countDown();
            for (CompletableFuture<Map<String, Item>> call : List.of(first, second)) {
                ExecutionException e = assertThrows(ExecutionException.class,
                    () -> call.get(WAIT_S, TimeUnit.SECONDS));
                assertSame(db.failFirst, e.getCause(), "the loader's own exception");
            }
            db.failFirst = null;
            db.calls.clear();
            Map<String, Item> again = cache.hmgetL("items", List.of("1", "2", "3"), db, ITEM, CachePolicy.none());
            assertEquals(3, again.size());
            assertEquals(List.of(Set.of("1", "2")), db.calls, "nothing of the failed load was stored; 3 was");
        }
    }

    @Test
    void aLoaderThatThrowsAnErrorLeavesNoLoadInFlight() throws Exception {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = KompressCache.create(
            TestCaches.configFor(redis, Duration.ofSeconds(1)).singleFlightWait(Duration.ofHours(1)).build())) {
            AssertionError error = new AssertionError("a bug in the loader");
            assertSame(error, assertThrows(AssertionError.class, () -> cache.hmgetL("items", List.of("1"), f -> {
                throw error;
            }, ITEM, CachePolicy.none())));
            // With the claim left in flight, this call would wait up to an hour for it.
            CompletableFuture<Map<String, Item>> next = CompletableFuture.supplyAsync(() -> cache.hmgetL("items",
                List.of("1"), f -> Map.of("1", new Item(1, "item-1")), ITEM, CachePolicy.none()));
            assertEquals(new Item(1, "item-1"), next.get(WAIT_S, TimeUnit.SECONDS).get("1"));
        }
    }
}
