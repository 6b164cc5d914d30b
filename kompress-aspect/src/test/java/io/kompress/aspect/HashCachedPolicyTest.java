package io.kompress.aspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.KompressCache;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.MutableClock;
import io.kompress.testing.RedisGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The policy attributes of the woven {@code @HashCached}, against a real primary and replica, on a clock it moves. */
class HashCachedPolicyTest {

    private static RedisGroup redis;
    private static final MutableClock CLOCK = new MutableClock(1_700_000_000_000L);
    private static KompressCache cache;
    private final PolicyService service = new PolicyService();

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(1);
        cache = TestCaches.installFor(redis, CLOCK);
    }

    @AfterAll
    static void stop() {
        TestCaches.uninstall(cache);
        redis.close();
    }

    @BeforeEach
    void clean() {
        try (Jedis j = redis.primary().connect()) {
            j.flushAll();
        }
        redis.awaitReplication();
    }

    private String stored(String key, String field) {
        try (Jedis j = redis.primary().connect()) {
            return j.hget(key, field);
        }
    }

    @Test
    void ttlMakesTheEntryExpireAndTheValueStaysPlainJson() throws Exception {
        assertEquals("v1", service.shortLived(1).name());
        redis.awaitReplication();
        assertEquals("v1", service.shortLived(1).name());
        assertEquals("{\"id\":1,\"name\":\"v1\",\"email\":\"u1@example.com\"}", stored("p:ttl", "1"));
        CLOCK.advance(350);
        assertEquals("v2", service.shortLived(1).name());
        assertEquals(2, service.calls());
    }

    @Test
    void staleIfErrorReturnsTheExpiredValueWhenTheMethodThrows() throws Exception {
        assertEquals("v1", service.staleIfError(1).name());
        redis.awaitReplication(); // else the next read may miss on the replica and find nothing stale to serve
        CLOCK.advance(250);
        service.databaseDown(true);
        assertEquals("v1", service.staleIfError(1).name());
        assertEquals(1, cache.stats().byKey().get("p:stale").count(Counter.STALE_SERVED));
    }

    @Test
    void refreshAheadRunsTheMethodBodyInTheBackground() throws Exception {
        assertEquals("v1", service.refreshed(1).name());
        redis.awaitReplication();
        CLOCK.advance(600); // into the last half of the 1 s TTL
        assertEquals("v1", service.refreshed(1).name(), "served at once");
        long deadline = System.nanoTime() + 10_000_000_000L; // waits for the background write, not a timing bound
        while (!String.valueOf(stored("p:refresh", "1")).contains("\"v2\"") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(2, service.calls(), "one background reload");
        assertTrue(stored("p:refresh", "1").contains("\"v2\""), stored("p:refresh", "1"));
    }

    @Test
    void cacheNullsRemembersAnEmptyOptional() {
        assertFalse(service.absent(1).isPresent());
        redis.awaitReplication();
        assertFalse(service.absent(1).isPresent());
        assertEquals(1, service.calls());
        assertEquals("null", stored("p:nulls", "1"));
    }

    @Test
    void singleFlightAcrossJvmsRunsTheBodyOnceAndReleasesTheLock() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<User>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                results.add(pool.submit(() -> service.locked(1)));
            }
            for (Future<User> f : results) {
                assertEquals("v1", f.get().name());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, service.calls());
        try (Jedis j = redis.primary().connect()) {
            assertNull(j.get("kompress:lock:6:p:lock:1"));
        }
    }

    @Test
    void malformedDurationNamesTheMethodAndTheAttribute() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.badTtl(1));
        assertTrue(e.getMessage().contains("PolicyService.badTtl(long)"), e.getMessage());
        assertTrue(e.getMessage().contains("ttl: '10 minutes' is not a duration"), e.getMessage());
    }

    @Test
    void outOfRangeTtlIsRefusedNamingTheMethodAndTheAttribute() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.hugeTtl(1));
        assertTrue(e.getMessage().contains("PolicyService.hugeTtl(long)"), e.getMessage());
        assertTrue(e.getMessage().contains("ttl must be at most 36500 days"), e.getMessage());
    }

    @Test
    void optionThatNeedsATtlWithoutOneIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.jitterWithoutTtl(1));
        assertTrue(e.getMessage().contains("jitterWithoutTtl"), e.getMessage());
        assertTrue(e.getMessage().contains("jitter needs a ttl"), e.getMessage());
    }

    @Test
    void singleFlightAcrossJvmsIsRefusedForFutures() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> service.lockedFuture(1));
        assertTrue(e.getMessage().contains("not supported for methods that return a future"), e.getMessage());
    }
}
