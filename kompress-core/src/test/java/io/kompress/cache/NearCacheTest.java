package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.NearCacheOptions;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import io.kompress.testing.MutableClock;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import jakarta.validation.constraints.Min;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.ClientType;
import redis.clients.jedis.params.ClientKillParams;

/**
 * The near cache against real Redis processes: hits from memory, and every way Redis reports a change (a write by
 * another client to the primary, seen through the replica; HDEL, DEL, FLUSHALL; a killed invalidation connection; a
 * replica leaving the rotation) stops the old value being served. The fill race is forced with a latch; expiry is
 * moved on a fake clock.
 */
class NearCacheTest {

    record Account(long id, @Min(0) int balance) {
    }

    /** The same JSON with a different record type: a near entry must not be served for it. */
    record Balance(long id, int balance) {
    }

    private static final CacheModel<Account> ACCOUNT = CacheModel.of(Account.class);
    private static final CachePolicy NEAR = CachePolicy.builder().nearCache().build();
    /** A bound for a busy machine, not a pace: every wait ends as soon as its condition holds. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KompressCache cache(RedisGroup redis) {
        return KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2)).build());
    }

    private static Account read(KompressCache cache, String field, AtomicInteger loads) {
        return cache.hgetL("accounts", field, () -> {
            loads.incrementAndGet();
            return new Account(Long.parseLong(field), 100);
        }, ACCOUNT, NEAR);
    }

    /** Reads until one is answered from memory (the invalidation streams are set up in the background). */
    private static void warm(KompressCache cache, String field) {
        long before = cache.stats().count(Counter.NEAR_HITS);
        await(() -> {
            read(cache, field, new AtomicInteger());
            return cache.stats().count(Counter.NEAR_HITS) > before;
        }, "a read answered from the near cache");
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** Reads once; whether the loader has now run more than {@code before} times. */
    private static boolean reloads(KompressCache cache, String field, AtomicInteger loads, int before) {
        read(cache, field, loads);
        return loads.get() > before;
    }

    private static void write(RedisProcess node, String key, String field, String json) {
        try (Jedis j = node.connect()) {
            j.hset(key, field, json);
        }
    }

    @Test
    void hotReadsAreAnsweredFromMemoryWithoutARedisCall() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = cache(redis)) {
            AtomicInteger loads = new AtomicInteger();
            // Stored by another client before this cache reads the key: no write-back of this JVM is in flight, so
            // no late report of one can drop the entry mid-test (on a whole-key stream, Redis 6.2, it would).
            write(redis.primary(), "accounts", "1", "{\"id\":1,\"balance\":100}");
            redis.awaitReplication();
            warm(cache, "1");
            long replicaReads = redis.replica(0).commandCalls("hmget") + redis.replica(0).commandCalls("hget");
            long primaryReads = redis.primary().commandCalls("hmget") + redis.primary().commandCalls("hget");
            Account first = read(cache, "1", loads);
            for (int i = 0; i < 1000; i++) {
                assertSame(first, read(cache, "1", loads), "the validated, immutable value is shared");
            }
            assertEquals(replicaReads, redis.replica(0).commandCalls("hmget") + redis.replica(0).commandCalls("hget"));
            assertEquals(primaryReads, redis.primary().commandCalls("hmget") + redis.primary().commandCalls("hget"));
            assertEquals(0, loads.get(), "every value came from Redis or memory");
            CacheStats s = cache.stats();
            assertTrue(s.count(Counter.NEAR_HITS) >= 1001, s.toString());
            assertEquals(1, s.nearEntries());
            assertTrue(s.nearBytes() > 0 && s.nearBytes() < 1000, s.toString());
        }
    }

    @Test
    void aWriteByAnotherClientToThePrimaryIsSeenThroughTheReplicaItReplicatesTo() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = cache(redis)) {
            AtomicInteger loads = new AtomicInteger();
            read(cache, "2", loads);
            redis.awaitReplication();
            warm(cache, "2");
            write(redis.primary(), "accounts", "2", "{\"id\":2,\"balance\":7}");
            await(() -> read(cache, "2", loads).balance() == 7, "the other client's write");
            redis.awaitReplication();
            for (int i = 0; i < 100; i++) {
                assertEquals(7, read(cache, "2", loads).balance(), "never the old value again");
            }
            assertTrue(cache.stats().count(Counter.NEAR_INVALIDATIONS) >= 1);
            assertEquals(1, loads.get(), "the new value came from Redis, not the loader");
        }
    }

    private static long reads(RedisGroup redis) {
        long n = redis.primary().commandCalls("hmget") + redis.primary().commandCalls("hget");
        for (RedisProcess r : redis.replicas()) {
            n += r.commandCalls("hmget") + r.commandCalls("hget");
        }
        return n;
    }

    @Test
    void afterAnotherClientWritesOneFieldTheHotFieldsComeBackInOneReadPerReport() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = cache(redis)) {
            AtomicInteger loads = new AtomicInteger();
            int n = 50;
            try (Jedis j = redis.primary().connect()) { // stored before this cache reads: no write-back in flight
                for (int i = 0; i < n; i++) {
                    j.hset("accounts", String.valueOf(100 + i), "{\"id\":" + (100 + i) + ",\"balance\":100}");
                }
            }
            redis.awaitReplication();
            for (int i = 0; i < n; i++) {
                warm(cache, String.valueOf(100 + i)); // kept, and hit since
            }
            long before = reads(redis);
            long reports = cache.stats().count(Counter.NEAR_INVALIDATIONS);
            write(redis.primary(), "accounts", "100", "{\"id\":100,\"balance\":7}"); // drops all 50
            // No lookup until the primary's and the replica's reports are in and every entry is back.
            await(() -> cache.stats().count(Counter.NEAR_INVALIDATIONS) >= reports + 2
                    && cache.stats().nearEntries() == n,
                "both reports of the write, and the refills after them");
            long refillReads = reads(redis) - before;
            long reportsSeen = cache.stats().count(Counter.NEAR_INVALIDATIONS) - reports; // after the reads: each
            // read counted above follows a report counted here
            // One HMGET per report, and one more when a report lands while a refill is keeping what it read (that
            // refill's refused fields queue again after the refill the report started): never one read per field.
            assertTrue(refillReads >= 1 && refillReads <= reportsSeen + 1,
                refillReads + " reads for " + reportsSeen + " reports of the write");
            long hits = cache.stats().count(Counter.NEAR_HITS);
            for (int i = 1; i < n; i++) {
                read(cache, String.valueOf(100 + i), loads);
            }
            assertEquals(hits + n - 1, cache.stats().count(Counter.NEAR_HITS),
                "the other 49 fields are answered from memory");
            assertEquals(before + refillReads, reads(redis), "without a read of their own");
            assertEquals(7, read(cache, "100", loads).balance(), "the written field came back with its new value");
            assertTrue(cache.stats().count(Counter.NEAR_REFILLS) >= n, cache.stats().toString());
            assertEquals(0, loads.get(), "read back from Redis, never loaded");
        }
    }

    @Test
    void withRefillsOffAWriteLeavesTheOtherFieldsToTheirNextLookups() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = KompressCache.create(
            TestCaches.configFor(redis, Duration.ofSeconds(2)).nearCache(NearCacheOptions.defaults().withRefill(false))
                .build())) {
            AtomicInteger loads = new AtomicInteger();
            for (int i = 0; i < 10; i++) {
                read(cache, String.valueOf(200 + i), loads);
            }
            redis.awaitReplication();
            for (int i = 0; i < 10; i++) {
                warm(cache, String.valueOf(200 + i));
            }
            long reports = cache.stats().count(Counter.NEAR_INVALIDATIONS);
            long before = reads(redis);
            write(redis.primary(), "accounts", "200", "{\"id\":200,\"balance\":7}");
            await(() -> cache.stats().count(Counter.NEAR_INVALIDATIONS) >= reports + 2, "both reports of the write");
            assertEquals(0, cache.stats().nearEntries(), "every entry of the hash dropped, none read back");
            assertEquals(before, reads(redis));
            assertEquals(0, cache.stats().count(Counter.NEAR_REFILLS));
        }
    }

    @Test
    void hdelDelAndFlushallByAnotherClientEachStopTheOldValue() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = cache(redis)) {
            AtomicInteger loads = new AtomicInteger();
            read(cache, "3", loads);
            redis.awaitReplication();
            warm(cache, "3");
            try (Jedis j = redis.primary().connect()) {
                j.hdel("accounts", "3");
                await(() -> loads.get() == 2 || read(cache, "3", loads) == null, "HDEL");
                redis.awaitReplication();
                warm(cache, "3");
                j.del("accounts");
                int afterHdel = loads.get();
                await(() -> reloads(cache, "3", loads, afterHdel), "DEL");
                redis.awaitReplication();
                warm(cache, "3");
                long flushes = cache.stats().count(Counter.NEAR_FLUSHES);
                j.flushAll();
                int afterDel = loads.get();
                await(() -> reloads(cache, "3", loads, afterDel), "FLUSHALL");
                await(() -> cache.stats().count(Counter.NEAR_FLUSHES) > flushes,
                    "the flush a null invalidation causes");
            }
        }
    }

    @Test
    void aFieldTtlExpiringOnTheServerStopsTheOldValue() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = cache(redis)) {
            Assumptions.assumeTrue(redis.primary().hasFieldExpiry(),
                "no per-field expiry on " + redis.primary().serverVersion() + " (Redis 7.4+, Valkey 9 have it)");
            AtomicInteger loads = new AtomicInteger();
            read(cache, "13", loads);
            redis.awaitReplication();
            warm(cache, "13");
            try (Jedis j = redis.primary().connect()) {
                j.sendCommand(Protocol.Command.HPEXPIRE, "accounts", "50", "FIELDS", "1", "13");
            }
            await(() -> reloads(cache, "13", loads, 1), "the server-side expiry of the field");
        }
    }

    @Test
    void aKilledInvalidationConnectionEmptiesTheNearCacheAndItRecovers() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = cache(redis)) {
            AtomicInteger loads = new AtomicInteger();
            read(cache, "4", loads);
            redis.awaitReplication();
            warm(cache, "4");
            long flushes = cache.stats().count(Counter.NEAR_FLUSHES);
            try (Jedis j = redis.replica(0).connect()) {
                assertTrue(j.clientKill(new ClientKillParams().type(ClientType.PUBSUB)) >= 1,
                    "the tracking connection was there");
            }
            await(() -> cache.stats().count(Counter.NEAR_FLUSHES) > flushes, "the flush after the kill");
            assertEquals(0, cache.stats().nearEntries());
            write(redis.primary(), "accounts", "4", "{\"id\":4,\"balance\":9}");
            redis.awaitReplication();
            assertEquals(9, read(cache, "4", loads).balance(), "read from Redis after the flush");
            warm(cache, "4"); // the stream is back: entries are kept again
            write(redis.primary(), "accounts", "4", "{\"id\":4,\"balance\":10}");
            await(() -> read(cache, "4", loads).balance() == 10, "a write after the reconnect");
        }
    }

    @Test
    void aReplicaLeavingTheRotationEmptiesTheNearCache() {
        try (RedisGroup redis = RedisGroup.start(1); KompressCache cache = cache(redis)) {
            AtomicInteger loads = new AtomicInteger();
            read(cache, "5", loads);
            redis.awaitReplication();
            warm(cache, "5");
            long flushes = cache.stats().count(Counter.NEAR_FLUSHES);
            redis.replica(0).kill();
            await(() -> cache.stats().count(Counter.NEAR_FLUSHES) > flushes, "the flush after the replica died");
            write(redis.primary(), "accounts", "5", "{\"id\":5,\"balance\":11}");
            await(() -> read(cache, "5", loads).balance() == 11, "the primary's value");
        }
    }

    @Test
    void anInvalidationBetweenTheReadAndTheStoreWins() throws Exception {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            AtomicInteger loads = new AtomicInteger();
            read(cache, "6", loads); // stored in Redis
            warm(cache, "6");
            cache.clearNearCache();
            CountDownLatch parsing = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CacheModel<Account> slow = new CacheModel<>() {
                @Override
                public Type type() {
                    return ACCOUNT.type();
                }

                @Override
                public Account fromJson(String json) {
                    parsing.countDown(); // the old value has been read from Redis...
                    try {
                        release.await(10, TimeUnit.SECONDS); // ...and is held until the write was reported
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    return ACCOUNT.fromJson(json);
                }

                @Override
                public String toJson(Account value) {
                    return ACCOUNT.toJson(value);
                }

                @Override
                public void validate(Account value) {
                    ACCOUNT.validate(value);
                }
            };
            CompletableFuture<Account> reader = CompletableFuture.supplyAsync(() ->
                cache.hgetL("accounts", "6", () -> new Account(6, -1), slow, NEAR));
            assertTrue(parsing.await(10, TimeUnit.SECONDS));
            long invalidations = cache.stats().count(Counter.NEAR_INVALIDATIONS);
            write(redis.primary(), "accounts", "6", "{\"id\":6,\"balance\":12}");
            await(() -> cache.stats().count(Counter.NEAR_INVALIDATIONS) > invalidations, "the invalidation");
            release.countDown();
            assertEquals(100, reader.get(10, TimeUnit.SECONDS).balance(), "the reader gets what it read");
            assertEquals(12, cache.hgetL("accounts", "6", () -> new Account(6, -1), slow, NEAR).balance(),
                "but the older value was not kept: the next read goes to Redis");
        }
    }

    @Test
    void aNearEntryNeverOutlivesItsRedisExpiry() {
        MutableClock clock = new MutableClock(1_800_000_000_000L);
        try (RedisGroup redis = RedisGroup.start(0);
             KompressCache cache = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2))
                 .clock(clock).build())) {
            CachePolicy ttl = CachePolicy.builder().ttl(Duration.ofSeconds(10)).nearCache().build();
            AtomicInteger loads = new AtomicInteger();
            java.util.function.Supplier<Account> call = () -> cache.hgetL("accounts", "7", () -> {
                loads.incrementAndGet();
                return new Account(7, loads.get());
            }, ACCOUNT, ttl);
            call.get();
            long hits = cache.stats().count(Counter.NEAR_HITS);
            await(() -> call.get() != null && cache.stats().count(Counter.NEAR_HITS) > hits, "a near hit");
            clock.advance(9_999);
            assertEquals(1, call.get().balance(), "1 ms before expiry: still the kept value");
            assertEquals(1, loads.get());
            clock.advance(1);
            assertEquals(2, call.get().balance(), "at expiry: reloaded, as without the near cache");
            assertEquals(2, loads.get());
        }
    }

    @Test
    void aNearEntryIsServedOnlyForTheModelItWasValidatedAgainst() {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            AtomicInteger loads = new AtomicInteger();
            read(cache, "8", loads);
            warm(cache, "8");
            Balance b = cache.hgetL("accounts", "8", () -> new Balance(8, -1), CacheModel.of(Balance.class), NEAR);
            assertEquals(new Balance(8, 100), b, "parsed from Redis for the other model, not the Account kept");
            write(redis.primary(), "accounts", "8", "{\"id\":8,\"balance\":-5}"); // breaks @Min(0) of Account
            await(() -> read(cache, "8", loads).balance() == 100 && loads.get() == 2, "the invalid entry reloaded");
        }
    }

    @Test
    void ownWritesAreReadBackAtOnceAndClearEmptiesTheNearCache() {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            AtomicInteger loads = new AtomicInteger();
            read(cache, "9", loads);
            warm(cache, "9");
            cache.hset("accounts", "9", "{\"id\":9,\"balance\":13}");
            assertEquals(13, read(cache, "9", loads).balance(), "this JVM's write is read back at once");
            warm(cache, "9");
            cache.clearNearCache();
            assertEquals(0, cache.stats().nearEntries());
            long misses = cache.stats().count(Counter.NEAR_MISSES);
            read(cache, "9", loads);
            assertEquals(misses + 1, cache.stats().count(Counter.NEAR_MISSES));
            cache.hdel("accounts", "9");
            Account reloaded = read(cache, "9", loads);
            assertEquals(100, reloaded.balance());
            assertEquals(2, loads.get());
        }
    }

    @Test
    void withoutThePolicyOrWithTheNearCacheOffEveryReadGoesToRedis() {
        try (RedisGroup redis = RedisGroup.start(0);
             KompressCache off = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2))
                 .nearCache(NearCacheOptions.disabled()).build())) {
            AtomicInteger loads = new AtomicInteger();
            Account a = read(off, "10", loads);
            for (int i = 0; i < 20; i++) {
                assertNotSame(a, read(off, "10", loads));
            }
            assertEquals(0, off.stats().count(Counter.NEAR_HITS));
            assertNull(off.hgetL("accounts", "11", () -> null, ACCOUNT, CachePolicy.none()));
        }
    }

    @Test
    void asyncLookupsAreAnsweredFromMemoryToo() throws Exception {
        try (RedisGroup redis = RedisGroup.start(0); KompressCache cache = cache(redis)) {
            // Stored by another client before this cache reads the key, as in the hot-read test: a write-back of this
            // JVM's own would be in flight, and a late report of it could drop the entry between the two lookups.
            write(redis.primary(), "accounts", "12", "{\"id\":12,\"balance\":100}");
            warm(cache, "12");
            long hits = cache.stats().count(Counter.NEAR_HITS);
            Account a = cache.hgetLAsync("accounts", "12",
                () -> CompletableFuture.completedFuture(new Account(12, -1)), ACCOUNT, NEAR).get(5, TimeUnit.SECONDS);
            assertEquals(100, a.balance());
            assertEquals(hits + 1, cache.stats().count(Counter.NEAR_HITS));
        }
    }
}
