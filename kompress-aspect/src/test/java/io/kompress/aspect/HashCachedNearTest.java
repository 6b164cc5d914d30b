package io.kompress.aspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.KompressCache;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Woven {@code @HashCached(nearCache = true)} methods against a real primary and replica: hot calls are answered from
 * memory without Redis, the loader or (for the parameter forms the fast path binds) any allocation; writes by another
 * client are seen; every other form still near-caches through the full path.
 */
class HashCachedNearTest {

    private static final int CALLS = 20_000;
    private static RedisGroup redis;
    private static KompressCache cache;
    private final NearService service = new NearService();

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(1);
        cache = TestCaches.installFor(redis);
    }

    @AfterAll
    static void stop() {
        TestCaches.uninstall(cache);
        redis.close();
    }

    @BeforeEach
    void clean() {
        NearService.CALLS.clear();
        try (Jedis j = redis.primary().connect()) {
            j.flushAll();
        }
        redis.awaitReplication();
        cache.clearNearCache();
    }

    /** Calls until one call is answered from memory (the key's invalidation stream registers in the background). */
    private static <T> T warm(Supplier<T> call) {
        call.get();
        redis.awaitReplication();
        long before = cache.stats().count(Counter.NEAR_HITS);
        long deadline = System.nanoTime() + 60_000_000_000L; // a bound for a busy machine
        T value = call.get();
        while (cache.stats().count(Counter.NEAR_HITS) == before) {
            assertTrue(System.nanoTime() < deadline, "no call was answered from the near cache within 60 s");
            sleep(2);
            value = call.get();
        }
        return value;
    }

    private static long redisReads() {
        long n = 0;
        for (RedisProcess p : new RedisProcess[] {redis.primary(), redis.replica(0)}) {
            n += p.commandCalls("hmget") + p.commandCalls("hget");
        }
        return n;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Bytes allocated per call over {@value #CALLS} calls, after as many to let the JIT settle. */
    private static double bytesPerCall(Supplier<?> call) {
        for (int i = 0; i < CALLS; i++) {
            call.get();
        }
        long before = allocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            call.get();
        }
        return (double) (allocatedBytes() - before) / CALLS;
    }

    /**
     * Runs {@code attempt} again when it failed while the near cache was flushed: a heartbeat answered later than the
     * timeout (a starved 2-core machine does that) empties the near cache, as it must, and the attempt's assertions
     * are about a near cache that kept its entries. A failure with no flush during it fails the test at once.
     */
    private static void withoutFlush(Runnable attempt) {
        for (int i = 1; ; i++) {
            long flushes = cache.stats().count(Counter.NEAR_FLUSHES);
            try {
                attempt.run();
                return;
            } catch (AssertionError e) {
                if (cache.stats().count(Counter.NEAR_FLUSHES) == flushes || i == 5) {
                    throw e;
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 60_000_000_000L; // a bound for a busy machine
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            sleep(2);
        }
    }

    @Test
    void hotCallsAreAnsweredFromMemoryWithoutRedisOrTheLoaderAndShareOneInstance() {
        withoutFlush(() -> {
            User first = warm(() -> service.byLong(7));
            long reads = redisReads();
            long hits = cache.stats().count(Counter.NEAR_HITS);
            for (int i = 0; i < 1000; i++) {
                assertSame(first, service.byLong(7));
            }
            assertEquals(reads, redisReads(), "no Redis read");
            assertEquals(hits + 1000, cache.stats().count(Counter.NEAR_HITS), "every fast hit is counted");
        });
        assertEquals(1, NearService.calls("byLong"));
    }

    @Test
    void aHitOfEachBoundParameterFormAllocatesNothing() {
        warm(() -> service.byLong(1_234_567));
        warm(() -> service.byInt(-89));
        Long boxed = 5_000_000_000L; // boxed once here: the call itself must not allocate
        warm(() -> service.byBoxed(boxed));
        warm(() -> service.byName("ann"));
        warm(() -> service.current());
        withoutFlush(() -> { // a flush would make the next calls reads from Redis, which allocate
            assertEquals(0.0, bytesPerCall(() -> service.byLong(1_234_567)), 1.0, "long");
            assertEquals(0.0, bytesPerCall(() -> service.byInt(-89)), 1.0, "int");
            assertEquals(0.0, bytesPerCall(() -> service.byBoxed(boxed)), 1.0, "Long");
            assertEquals(0.0, bytesPerCall(() -> service.byName("ann")), 1.0, "String");
            assertEquals(0.0, bytesPerCall(() -> service.current()), 1.0, "no parameter");
        });
        assertEquals(1, NearService.calls("byLong") + NearService.calls("byInt") + NearService.calls("byBoxed")
            + NearService.calls("byName") + NearService.calls("current") - 4, "each loader ran once");
    }

    @Test
    void anOptionalResultIsAHitWrappedAgain() {
        withoutFlush(() -> {
            Optional<User> first = warm(() -> service.maybe(3));
            long reads = redisReads();
            assertSame(first.orElseThrow(), service.maybe(3).orElseThrow());
            assertEquals(reads, redisReads());
        });
        assertEquals(1, NearService.calls("maybe"));
    }

    @Test
    void aWriteByAnotherClientIsSeenByTheNextCalls() {
        warm(() -> service.byLong(11));
        try (Jedis j = redis.primary().connect()) {
            j.hset("near:long", "11", "{\"id\":11,\"name\":\"renamed\",\"email\":\"r@example.com\"}");
        }
        await(() -> "renamed".equals(service.byLong(11).name()), "the other client's write");
        assertEquals(1, NearService.calls("byLong"), "read from Redis again, not loaded");
        User renamed = warm(() -> service.byLong(11));
        assertEquals("renamed", renamed.name());
    }

    @Test
    void formsWithoutTheFastPathAreStillNearCached() throws Exception {
        withoutFlush(() -> {
            warm(() -> service.inTenant("acme", 5));
            warm(() -> service.prefixed(5));
            warm(() -> service.async(5).join());
            long reads = redisReads();
            for (int i = 0; i < 100; i++) {
                assertEquals(5, service.inTenant("acme", 5).id());
                assertEquals(5, service.prefixed(5).id());
                assertEquals(5, service.async(5).join().id());
            }
            assertEquals(reads, redisReads());
        });
        assertEquals(1, NearService.calls("inTenant"));
        assertEquals(1, NearService.calls("prefixed"));
        assertEquals(1, NearService.calls("async"));
        try (Jedis j = redis.primary().connect()) {
            assertTrue(j.hexists("near:prefixed", "u5"), "the field is the template's text");
        }
    }

    @Test
    void anOverrideInASubclassIsNeverAnsweredFromTheCachedMethodsEntries() {
        warm(() -> service.byLong(31));
        NearService sub = new NearService() {
            @Override
            public User byLong(long id) {
                return new User(id, "override", "o@example.com");
            }
        };
        for (int i = 0; i < 100; i++) {
            assertEquals("override", sub.byLong(31).name(), "the call runs the override, which is not cached");
        }
    }

    @Test
    void aMethodWithoutTheNearCacheReadsRedisEveryTime() {
        service.notNear(2);
        redis.awaitReplication();
        service.notNear(2);
        long reads = redisReads();
        service.notNear(2);
        service.notNear(2);
        assertEquals(reads + 2, redisReads());
        assertEquals(0, cache.stats().nearEntries());
    }

    @Test
    void aClosedCacheIsNotAnsweredFromMemory() {
        KompressCache own = TestCaches.installFor(redis);
        try {
            warm2(own);
            own.close();
            assertThrows(IllegalStateException.class, () -> service.byLong(21));
        } finally {
            KompressCache.setDefault(cache);
        }
    }

    @Test
    void aDecoratedDefaultSeesEveryCallAndItsCacheStillAnswersFromMemory() {
        AtomicInteger seen = new AtomicInteger();
        KompressCache decorated = (KompressCache) Proxy.newProxyInstance(KompressCache.class.getClassLoader(),
            new Class<?>[] {KompressCache.class}, (proxy, method, args) -> {
                if (method.getName().equals("hgetL")) {
                    seen.incrementAndGet();
                }
                try {
                    return method.invoke(cache, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
        KompressCache.setDefault(decorated);
        try {
            warm(() -> service.byLong(41));
            int before = seen.get();
            long nearBefore = cache.stats().count(Counter.NEAR_HITS);
            for (int i = 0; i < 10; i++) {
                service.byLong(41);
            }
            assertEquals(before + 10, seen.get(), "no call skipped the decorator");
            assertTrue(cache.stats().count(Counter.NEAR_HITS) > nearBefore, "the decorated cache answered from memory");
            assertEquals(1, NearService.calls("byLong"), "loaded once");
        } finally {
            KompressCache.setDefault(cache);
        }
    }

    private void warm2(KompressCache own) {
        service.byLong(21);
        redis.awaitReplication();
        long before = own.stats().count(Counter.NEAR_HITS);
        await(() -> {
            service.byLong(21);
            return own.stats().count(Counter.NEAR_HITS) > before;
        }, "a near hit in the second cache");
        assertNotEquals(0, own.stats().nearEntries());
    }
}
