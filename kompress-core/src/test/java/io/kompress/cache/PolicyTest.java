package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.internal.engine.DefaultKompressCache;
import io.kompress.cache.internal.engine.Entries;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.MutableClock;
import io.kompress.testing.RedisGroup;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import redis.clients.jedis.Jedis;

/**
 * TTL, jitter, negative caching, stale-if-error and refresh-ahead against a real primary and replica (Redis
 * 7.0, which has no per-field expiry), with the cache's clock under the test's control.
 */
class PolicyTest {

    record User(long id, @NotBlank String name) {
    }

    private static final long T0 = 1_700_000_000_000L;
    private static final CacheModel<User> USER = CacheModel.of(User.class);
    private static final CachePolicy TEN_SECONDS = CachePolicy.builder().ttl(Duration.ofSeconds(10)).build();

    private static RedisGroup redis;
    private static final MutableClock NOW = new MutableClock(T0);
    private static KompressCache cache;
    private final AtomicInteger loads = new AtomicInteger();
    private String key;

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(1);
        cache = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2)).clock(NOW).build());
    }

    @AfterAll
    static void stop() {
        cache.close();
        redis.close();
    }

    @BeforeEach
    void freshKey(TestInfo info) {
        key = "policy:" + info.getDisplayName();
        NOW.set(T0);
    }

    private User load(String name) {
        loads.incrementAndGet();
        return new User(1, name);
    }

    private String raw(String field) {
        try (Jedis j = redis.primary().connect()) {
            return j.hget(key, field);
        }
    }

    /** The expiry (epoch ms) in an entry's expiry field, before the value fingerprint. */
    private long expiry(String field) {
        String text = raw(Entries.EXPIRY_PREFIX + field);
        return Long.parseLong(text.substring(0, text.indexOf(':')));
    }

    private void rawSet(String field, String value) {
        try (Jedis j = redis.primary().connect()) {
            j.hset(key, field, value);
        }
        redis.awaitReplication();
    }

    private User get(CachePolicy policy, String name) {
        User u = cache.hgetL(key, "1", () -> load(name), USER, policy);
        redis.awaitReplication();
        return u;
    }

    @Test
    void entryIsAHitUntilTheMillisecondBeforeItsExpiryAndAMissFromItsExpiryOn() {
        get(TEN_SECONDS, "v1");
        NOW.set(T0 + 9_999);
        assertEquals("v1", get(TEN_SECONDS, "v2").name());
        assertEquals(1, loads.get());
        NOW.set(T0 + 10_000);
        assertEquals("v2", get(TEN_SECONDS, "v2").name());
        assertEquals(2, loads.get());
    }

    @Test
    void valueStaysPlainModelJsonAndTheExpiryLivesInASiblingField() {
        get(TEN_SECONDS, "Alice");
        assertEquals("{\"id\":1,\"name\":\"Alice\"}", raw("1"), "other readers (the Python package) see plain JSON");
        assertEquals(T0 + 10_000, expiry("1"));
        assertTrue(raw(Entries.EXPIRY_PREFIX + "1").matches("\\d+:[0-9a-f]{16}"),
            "epoch ms, then the fingerprint of the value it belongs to: " + raw(Entries.EXPIRY_PREFIX + "1"));
    }

    @Test
    void aValueAnotherClientWritesOverAnExpiringEntryIsThatWritersAndOutlivesTheOldExpiry() {
        get(TEN_SECONDS, "Alice");
        rawSet("1", "{\"id\":1,\"name\":\"written by the Python package\"}");
        NOW.set(T0 + 60_000);
        assertEquals("written by the Python package", get(TEN_SECONDS, "v2").name(), "served, not reloaded");
        assertEquals(1, loads.get());
        assertEquals(0, cache.stats().byKey().get(key).count(Counter.EXPIRED));
    }

    @Test
    void aValueAnotherClientWritesAfterTheExpiryPassedIsServed() {
        get(TEN_SECONDS, "Alice");
        NOW.set(T0 + 60_000);
        rawSet("1", "{\"id\":1,\"name\":\"written later\"}");
        assertEquals("written later", get(TEN_SECONDS, "v2").name());
        assertEquals(1, loads.get());
    }

    @Test
    void anExpiryFieldWithoutAFingerprintFromAnEarlierVersionStillApplies() {
        rawSet("1", "{\"id\":1,\"name\":\"v1\"}");
        rawSet(Entries.EXPIRY_PREFIX + "1", Long.toString(T0 + 10_000));
        assertEquals("v1", get(TEN_SECONDS, "v2").name());
        NOW.set(T0 + 10_001);
        assertEquals("v2", get(TEN_SECONDS, "v2").name());
        assertEquals(1, loads.get());
    }

    @Test
    void expiryAlsoWorksOnTheRealClock() throws InterruptedException {
        try (KompressCache real = TestCaches.create(redis, Duration.ofSeconds(2))) {
            // Only lower bounds of real time are relied on: the sleep makes the TTL certainly over.
            CachePolicy short200 = CachePolicy.builder().ttl(Duration.ofMillis(200)).build();
            long before = System.currentTimeMillis();
            real.hgetL(key, "1", () -> load("v1"), USER, short200);
            long expiry = expiry("1");
            assertTrue(expiry >= before + 200 && expiry <= System.currentTimeMillis() + 200, "epoch ms: " + expiry);
            redis.awaitReplication();
            Thread.sleep(250);
            assertEquals("v2", real.hgetL(key, "1", () -> load("v2"), USER, short200).name());
            assertEquals(2, loads.get());
        }
    }

    @Test
    void jitterSpreadsExpiriesOverTheLastFractionOfTheTtlAndNeverBeyondIt() {
        CachePolicy jittered = CachePolicy.builder().ttl(Duration.ofSeconds(100)).jitter(0.5).build();
        for (int i = 0; i < 200; i++) {
            cache.hgetL(key, "f" + i, () -> load("x"), USER, jittered);
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        java.util.Set<Long> distinct = new java.util.HashSet<>();
        for (int i = 0; i < 200; i++) {
            long expiry = expiry("f" + i);
            min = Math.min(min, expiry);
            max = Math.max(max, expiry);
            distinct.add(expiry);
        }
        assertTrue(min >= T0 + 50_000 && max <= T0 + 100_000, "within [ttl/2, ttl]: " + min + ".." + max);
        assertTrue(min < T0 + 60_000 && max > T0 + 90_000, "spread over the window: " + min + ".." + max);
        assertTrue(distinct.size() > 150, "not synchronized: " + distinct.size() + " distinct expiries");
    }

    @Test
    void onRedisWithoutFieldExpiryExpiredFieldsStayUntilOverwrittenAndReadAsMisses() {
        Assumptions.assumeFalse(redis.primary().hasFieldExpiry(), "needs a server without HPEXPIRE (Redis < 7.4)");
        get(TEN_SECONDS, "v1");
        NOW.set(T0 + 60_000);
        assertEquals("{\"id\":1,\"name\":\"v1\"}", raw("1"), "the server keeps the expired field");
        assertEquals("v2", get(TEN_SECONDS, "v2").name(), "but it reads as a miss");
        assertEquals(0, redis.primary().commandCalls("hpexpire"));
    }

    @Test
    void fieldExpirySupportIsDetectedAtStartUp() throws InterruptedException {
        try (DefaultKompressCache fresh = (DefaultKompressCache) KompressCache.create(
            TestCaches.configFor(redis, Duration.ofSeconds(2)).clock(NOW).build())) {
            long deadline = System.nanoTime() + 2_000_000_000L;
            while (fresh.nativeFieldExpiry() == null && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(redis.primary().hasFieldExpiry(), fresh.nativeFieldExpiry(),
                "detected as the server (" + redis.primary().serverVersion() + ") answers COMMAND INFO HPEXPIRE");
            assertEquals(0, fresh.stats().count(Counter.PRIMARY_CALLS), "the probe is not counted as traffic");
        }
    }

    @Test
    void plainHsetRemovesAnEarlierExpiry() {
        get(TEN_SECONDS, "v1");
        cache.hset(key, "1", "{\"id\":1,\"name\":\"forever\"}");
        redis.awaitReplication();
        assertNull(raw(Entries.EXPIRY_PREFIX + "1"));
        NOW.set(T0 + 1_000_000);
        assertEquals("forever", get(TEN_SECONDS, "v2").name());
    }

    @Test
    void hdelRemovesTheValueAndLeavesATombstoneThatGuardsTheFieldForTenMinutes() {
        get(TEN_SECONDS, "v1");
        assertEquals(1, cache.hdel(key, "1"));
        assertNull(raw("1"));
        assertEquals(T0 + 600_000, expiry("1"), "the tombstone expires ten minutes after the eviction");
        assertEquals("v2", get(TEN_SECONDS, "v2").name(), "a read after the eviction loads and stores");
        assertEquals("{\"id\":1,\"name\":\"v2\"}", raw("1"));
        assertEquals(T0 + 10_000, expiry("1"));
    }

    @Test
    void unreadableExpiryCountsAsExpired() {
        rawSet("1", "{\"id\":1,\"name\":\"v1\"}");
        rawSet(Entries.EXPIRY_PREFIX + "1", "soon");
        assertEquals("v2", get(TEN_SECONDS, "v2").name());
    }

    @Test
    void entryWithoutAnExpiryFieldNeverExpiresEvenUnderATtlPolicy() {
        rawSet("1", "{\"id\":1,\"name\":\"written by another client\"}");
        NOW.set(T0 + 1_000_000_000);
        assertEquals("written by another client", get(TEN_SECONDS, "v2").name());
        assertEquals(0, loads.get());
    }

    @Test
    void cachedNullIsReturnedWithoutLoadingUntilItsTtlEnds() {
        CachePolicy nulls = CachePolicy.builder().cacheNulls(Duration.ofSeconds(5)).build();
        AtomicInteger lookups = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertNull(cache.hgetL(key, "absent", () -> {
                lookups.incrementAndGet();
                return null;
            }, USER, nulls));
            redis.awaitReplication();
        }
        assertEquals(1, lookups.get());
        assertEquals("null", raw("absent"));
        NOW.set(T0 + 5_000);
        assertNull(cache.hgetL(key, "absent", () -> {
            lookups.incrementAndGet();
            return null;
        }, USER, nulls));
        assertEquals(2, lookups.get());
    }

    @Test
    void cachedNullIsAMissForACallerThatDoesNotCacheNulls() {
        CachePolicy nulls = CachePolicy.builder().cacheNulls(Duration.ofSeconds(5)).build();
        cache.hgetL(key, "1", () -> null, USER, nulls);
        redis.awaitReplication();
        assertEquals("v1", get(CachePolicy.none(), "v1").name());
    }

    @Test
    void withoutCacheNullsANullIsNotStored() {
        assertNull(cache.hgetL(key, "1", () -> null, USER, TEN_SECONDS));
        assertNull(raw("1"));
    }

    private static final CachePolicy STALE_MINUTE = CachePolicy.builder()
        .ttl(Duration.ofSeconds(10)).staleIfError(Duration.ofSeconds(60)).build();

    private static User failing() throws IOException {
        throw new IOException("database down");
    }

    @Test
    void loaderFailureServesTheExpiredValueWithinTheStaleWindow() {
        get(STALE_MINUTE, "v1");
        NOW.set(T0 + 10_000 + 59_999);
        long before = cache.stats().count(Counter.STALE_SERVED);
        assertEquals("v1", cache.hgetL(key, "1", PolicyTest::failing, USER, STALE_MINUTE).name());
        assertEquals(before + 1, cache.stats().count(Counter.STALE_SERVED));
    }

    @Test
    void loaderFailurePropagatesOnceTheStaleWindowHasPassed() {
        get(STALE_MINUTE, "v1");
        NOW.set(T0 + 10_000 + 60_000);
        IOException e = assertThrows(IOException.class,
            () -> cache.hgetL(key, "1", PolicyTest::failing, USER, STALE_MINUTE));
        assertEquals("database down", e.getMessage());
    }

    @Test
    void loaderFailurePropagatesWhenThereIsNoValue() {
        assertThrows(IOException.class, () -> cache.hgetL(key, "1", PolicyTest::failing, USER, STALE_MINUTE));
    }

    @Test
    void expiredValueThatNoLongerValidatesIsNotServedStale() {
        get(STALE_MINUTE, "v1");
        rawSet("1", "{\"id\":1,\"name\":\"\"}"); // violates @NotBlank; the expiry field stays
        NOW.set(T0 + 20_000);
        assertThrows(IOException.class, () -> cache.hgetL(key, "1", PolicyTest::failing, USER, STALE_MINUTE));
    }

    @Test
    void staleWindowKeepsTheValueOnlyForLoaderFailuresNotForReads() {
        get(STALE_MINUTE, "v1");
        NOW.set(T0 + 20_000);
        assertEquals("v2", get(STALE_MINUTE, "v2").name(), "an expired value is reloaded when the loader works");
    }

    private static final CachePolicy REFRESH = CachePolicy.builder()
        .ttl(Duration.ofSeconds(10)).refreshAhead(0.2).build();

    @Test
    void hitInTheLastPartOfItsTtlIsServedAndReloadedOnceInTheBackground() throws Exception {
        get(REFRESH, "v1");
        NOW.set(T0 + 7_999);
        assertEquals("v1", get(REFRESH, "v2").name());
        assertEquals(1, loads.get(), "not yet in the refresh window");
        NOW.set(T0 + 8_500);
        CompletableFuture<?>[] hits = new CompletableFuture<?>[20];
        for (int i = 0; i < hits.length; i++) {
            hits[i] = CompletableFuture.runAsync(() -> assertEquals("v1", cache.hgetL(key, "1", () -> {
                Thread.sleep(300); // a slow reload: all 20 hits come while it runs
                return load("v2");
            }, USER, REFRESH).name()));
        }
        CompletableFuture.allOf(hits).get();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!"{\"id\":1,\"name\":\"v2\"}".equals(raw("1")) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals("{\"id\":1,\"name\":\"v2\"}", raw("1"));
        assertEquals(2, loads.get(), "one background reload for 20 hits");
        assertEquals(T0 + 8_500 + 10_000, expiry("1"));
    }

    @Test
    void failedRefreshKeepsTheCurrentValueAndIsCounted() throws Exception {
        get(REFRESH, "v1");
        NOW.set(T0 + 9_000);
        long failures = cache.stats().count(Counter.REFRESH_FAILURES);
        assertEquals("v1", cache.hgetL(key, "1", PolicyTest::failing, USER, REFRESH).name());
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (cache.stats().count(Counter.REFRESH_FAILURES) == failures && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(failures + 1, cache.stats().count(Counter.REFRESH_FAILURES));
        assertEquals("{\"id\":1,\"name\":\"v1\"}", raw("1"));
        assertEquals("v1", cache.hgetL(key, "1", PolicyTest::failing, USER, REFRESH).name(), "still a hit");
    }

    @Test
    void asyncReadThroughHonoursTheTtl() throws Exception {
        assertEquals("v1", cache.hgetLAsync(key, "1", () -> CompletableFuture.completedFuture(load("v1")), USER,
            TEN_SECONDS).get().name());
        redis.awaitReplication();
        assertEquals("v1", cache.hgetLAsync(key, "1", () -> CompletableFuture.completedFuture(load("v2")), USER,
            TEN_SECONDS).get().name());
        NOW.set(T0 + 10_000);
        assertEquals("v2", cache.hgetLAsync(key, "1", () -> CompletableFuture.completedFuture(load("v2")), USER,
            TEN_SECONDS).get().name());
        assertEquals(2, loads.get());
    }

    @Test
    void asyncLoaderFailureServesTheStaleValue() throws Exception {
        get(STALE_MINUTE, "v1");
        NOW.set(T0 + 20_000);
        assertEquals("v1", cache.hgetLAsync(key, "1",
            () -> CompletableFuture.<User>failedFuture(new IOException("down")), USER, STALE_MINUTE).get().name());
    }

    @Test
    void asyncCallsRefuseDistributedSingleFlight() {
        CachePolicy locked = CachePolicy.builder()
            .distributedSingleFlight(Duration.ofSeconds(5), Duration.ofSeconds(1)).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cache.hgetLAsync(key, "1",
            () -> CompletableFuture.completedFuture(load("v1")), USER, locked));
        assertTrue(e.getMessage().contains("distributedSingleFlight"), e.getMessage());
    }

    @Test
    void policyFailurePolicyOverridesTheCachesDefault() {
        CachePolicy throwing = CachePolicy.builder().failurePolicy(FailurePolicy.THROW).build();
        assertSame(FailurePolicy.THROW, throwing.failurePolicy().orElseThrow());
        assertFalse(CachePolicy.none().failurePolicy().isPresent());
    }
}
