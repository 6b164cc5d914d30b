package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.MutableClock;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Batch read-through ({@code hmgetL}) against real Redis: one HMGET for all fields, one loader call with only the
 * missing ones in the caller's order, one pipelined write-back; duplicates, empty input, nulls, absent and extra
 * loader entries, loader failure with and without stale values, TTL per entry on a fake clock, fail-open, a replica
 * killed mid-run, the near cache first.
 */
class BatchReadThroughTest {

    record Item(int id, String name) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);

    /** A bulk loader that records each call's fields and returns an item for each id below {@code limit}. */
    @SuppressWarnings("checkstyle:VisibilityModifier") // a test double: the test reads and sets its fields
    private static final class Db implements BulkLoadable<Item> {
        final List<Set<String>> calls = new CopyOnWriteArrayList<>();
        int limit = Integer.MAX_VALUE;

        @Override
        public Map<String, Item> load(Set<String> fields) {
            calls.add(fields); // the set as given, to check its order
            Map<String, Item> out = new LinkedHashMap<>();
            for (String f : fields) {
                int id = Integer.parseInt(f);
                if (id < limit) {
                    out.put(f, new Item(id, "item-" + id));
                }
            }
            return out;
        }
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to).mapToObj(String::valueOf).collect(Collectors.toList());
    }

    private static KompressCache cache(RedisGroup redis) {
        return TestCaches.create(redis, Duration.ofSeconds(1));
    }

    private static long reads(RedisProcess node) {
        return node.commandCalls("hmget");
    }

    @Test
    void allHitsAreOneHmgetAndNoLoaderCall() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = cache(redis)) {
            Db db = new Db();
            List<String> ids = ids(0, 100);
            Map<String, Item> first = cache.hmgetL("items", ids, db, ITEM, CachePolicy.none());
            assertEquals(100, first.size());
            assertEquals(1, db.calls.size());
            redis.awaitReplication();
            long replicaReads = reads(redis.replica(0));
            Map<String, Item> second = cache.hmgetL("items", ids, db, ITEM, CachePolicy.none());
            assertEquals(first, second);
            assertEquals(new ArrayList<>(second.keySet()), ids, "in the caller's order");
            assertEquals(1, db.calls.size(), "no loader call when every field is a hit");
            assertEquals(replicaReads + 1, reads(redis.replica(0)), "one HMGET for 100 fields, on the replica");
        }
    }

    @Test
    void halfHitsCallTheLoaderOnceWithOnlyTheMissingFieldsInOrderAndStoreThemInOneRoundTrip() {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            Db db = new Db();
            List<String> evens = IntStream.range(0, 100).filter(i -> i % 2 == 0).mapToObj(String::valueOf).toList();
            cache.hmgetL("items", evens, db, ITEM, CachePolicy.none());
            db.calls.clear();
            List<String> all = new ArrayList<>(ids(0, 100));
            java.util.Collections.reverse(all);
            long evals = redis.primary().commandCalls("eval");
            Map<String, Item> got = cache.hmgetL("items", all, db, ITEM, CachePolicy.none());
            assertEquals(1, db.calls.size(), "the loader ran exactly once");
            List<String> odds = all.stream().filter(f -> Integer.parseInt(f) % 2 == 1).toList();
            assertEquals(odds, new ArrayList<>(db.calls.get(0)), "only the missing fields, in the caller's order");
            assertEquals(all, new ArrayList<>(got.keySet()));
            assertEquals(evals + 50, redis.primary().commandCalls("eval"), "50 guarded write-backs (one pipeline)");
            db.calls.clear();
            cache.hmgetL("items", all, db, ITEM, CachePolicy.none());
            assertTrue(db.calls.isEmpty(), "the loaded values were stored");
        }
    }

    @Test
    void duplicatesAreReadOnceEmptyInputMakesNoCallAndNullElementsAreRefused() {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            Db db = new Db();
            Map<String, Item> got = cache.hmgetL("items", List.of("1", "2", "1", "2", "1"), db, ITEM,
                CachePolicy.none());
            assertEquals(List.of("1", "2"), new ArrayList<>(got.keySet()));
            assertEquals(Set.of("1", "2"), db.calls.get(0));
            long reads = reads(redis.primary());
            assertTrue(cache.hmgetL("items", List.of(), db, ITEM, CachePolicy.none()).isEmpty());
            assertEquals(reads, reads(redis.primary()), "no Redis call for an empty collection");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> cache.hmgetL("items", Arrays.asList("1", null), db, ITEM, CachePolicy.none()));
            assertTrue(e.getMessage().contains("fields[1]"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                () -> cache.hmgetL("items", null, db, ITEM, CachePolicy.none()), "a null collection, as USING.md says");
        }
    }

    @Test
    void idsTheLoaderDoesNotReturnAreAbsentAndCachedAsNullOnlyWhenThePolicySaysSo() {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            Db db = new Db();
            db.limit = 3;
            assertEquals(List.of("1", "2"), new ArrayList<>(cache.hmgetL("items", ids(1, 5), db, ITEM,
                CachePolicy.none()).keySet()));
            cache.hmgetL("items", ids(1, 5), db, ITEM, CachePolicy.none());
            assertEquals(Set.of("3", "4"), db.calls.get(1), "not cached: asked again");

            CachePolicy nulls = CachePolicy.builder().cacheNulls(Duration.ofMinutes(1)).build();
            db.calls.clear();
            cache.hmgetL("negative", ids(1, 5), db, ITEM, nulls);
            Map<String, Item> again = cache.hmgetL("negative", ids(1, 5), db, ITEM, nulls);
            assertEquals(1, db.calls.size(), "the absent ids were cached as null");
            assertEquals(List.of("1", "2"), new ArrayList<>(again.keySet()));
        }
    }

    @Test
    void extraEntriesTheLoaderReturnsAreIgnored() {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            Map<String, Item> got = cache.hmgetL("items", List.of("1"), fields -> Map.of("1", new Item(1, "a"),
                "99", new Item(99, "extra")), ITEM, CachePolicy.none());
            assertEquals(Map.of("1", new Item(1, "a")), got);
            try (Jedis j = redis.primary().connect()) {
                assertNull(j.hget("items", "99"), "not asked for: not stored");
            }
        }
    }

    @Test
    void aFailingLoaderPropagatesAndStoresNothingUnlessEveryFieldHasAStaleValue() {
        MutableClock clock = new MutableClock(1_800_000_000_000L);
        try (RedisGroup redis = RedisGroup.start(0);
             KompressCache cache = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2))
                 .clock(clock).build())) {
            CachePolicy stale = CachePolicy.builder().ttl(Duration.ofSeconds(10)).staleIfError(Duration.ofHours(1))
                .build();
            BulkLoadable<Item> broken = fields -> {
                throw new IllegalStateException("database down");
            };
            IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> cache.hmgetL("items", ids(0, 3), broken, ITEM, stale));
            assertEquals("database down", e.getMessage());
            try (Jedis j = redis.primary().connect()) {
                assertEquals(0, j.hlen("items"), "nothing stored");
            }
            cache.hmgetL("items", ids(0, 3), new Db(), ITEM, stale);
            clock.advance(10_000); // all three expired, within the stale window
            Map<String, Item> served = cache.hmgetL("items", ids(0, 3), broken, ITEM, stale);
            assertEquals(3, served.size(), "stale-if-error per entry");
            assertEquals(1, cache.stats().count(Counter.STALE_SERVED));
            assertThrows(IllegalStateException.class, () -> cache.hmgetL("items", ids(0, 4), broken, ITEM, stale),
                "one field without a stale value: the failure propagates");
        }
    }

    @Test
    void eachEntryExpiresOnItsOwnTtl() {
        MutableClock clock = new MutableClock(1_800_000_000_000L);
        try (RedisGroup redis = RedisGroup.start(0);
             KompressCache cache = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2))
                 .clock(clock).build())) {
            CachePolicy ttl = CachePolicy.builder().ttl(Duration.ofSeconds(10)).build();
            Db db = new Db();
            cache.hmgetL("items", ids(0, 2), db, ITEM, ttl);
            clock.advance(5_000);
            cache.hmgetL("items", ids(2, 4), db, ITEM, ttl);
            clock.advance(5_000); // the first two expire now, the others in 5 s
            db.calls.clear();
            cache.hmgetL("items", ids(0, 4), db, ITEM, ttl);
            assertEquals(List.of(Set.of("0", "1")), db.calls);
        }
    }

    @Test
    void redisDownFailsOpenWithEveryFieldAndAKilledReplicaFailsOverWithoutLoading() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = cache(redis)) {
            Db db = new Db();
            cache.hmgetL("items", ids(0, 10), db, ITEM, CachePolicy.none());
            redis.awaitReplication();
            redis.replica(0).kill();
            db.calls.clear();
            assertEquals(10, cache.hmgetL("items", ids(0, 10), db, ITEM, CachePolicy.none()).size());
            assertTrue(db.calls.isEmpty(), "the primary answered the batch after the replica failed");
            assertTrue(cache.stats().count(Counter.REPLICA_FAILOVERS) >= 1);
            redis.primary().kill();
            Map<String, Item> open = cache.hmgetL("items", ids(0, 10), db, ITEM, CachePolicy.none());
            assertEquals(10, open.size());
            assertEquals(List.of(Set.copyOf(ids(0, 10))), db.calls.stream().map(Set::copyOf).toList(),
                "fail-open: the loader got every field");
            assertThrows(KompressCacheException.class, () -> cache.hmgetL("items", ids(0, 10), db, ITEM,
                CachePolicy.builder().failurePolicy(FailurePolicy.THROW).build()));
        }
    }

    @Test
    void nearCachedFieldsAreAnsweredFromMemoryFirst() {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            CachePolicy near = CachePolicy.builder().nearCache().build();
            Db db = new Db();
            cache.hmgetL("items", ids(0, 20), db, ITEM, near);
            // The invalidation stream starts in the background; until it runs, reads are not kept. Wait for one
            // call that needed no HMGET at all (entries counted but already invalidated would not do).
            long deadline = System.nanoTime() + 10_000_000_000L;
            long before;
            do {
                before = reads(redis.primary());
                cache.hmgetL("items", ids(0, 20), db, ITEM, near);
            } while (reads(redis.primary()) != before && System.nanoTime() < deadline);
            long reads = reads(redis.primary());
            Map<String, Item> a = cache.hmgetL("items", ids(0, 20), db, ITEM, near);
            Map<String, Item> b = cache.hmgetL("items", ids(0, 20), db, ITEM, near);
            assertEquals(reads, reads(redis.primary()), "no HMGET: every field from memory");
            assertSame(a.get("7"), b.get("7"));
            assertFalse(cache.stats().count(Counter.NEAR_HITS) < 40);
        }
    }
}
