package io.kompress.aspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.testing.RedisGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The woven {@code @HashCached} fixture against a real primary and replica. */
class HashCachedTest {

    private static RedisGroup redis;
    private static KompressCache cache;
    private final UserService service = new UserService();

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
        UserService.CALLS.clear();
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
    void firstCallLoadsAndStoresSecondIsAHitFromTheReplica() {
        User first = service.find(7);
        redis.awaitReplication();
        long replicaReads = redis.replica(0).commandCalls("hmget");
        User second = service.find(7);
        assertEquals(first, second);
        assertEquals(1, UserService.calls("find"));
        assertEquals(replicaReads + 1, redis.replica(0).commandCalls("hmget"));
        assertEquals("{\"id\":7,\"name\":\"user-7\",\"email\":\"user7@example.com\"}", stored("users", "7"));
    }

    @Test
    void selfInvocationIsCached() {
        service.findViaSelf(1);
        redis.awaitReplication();
        service.findViaSelf(1);
        assertEquals(1, UserService.calls("find"));
    }

    @Test
    void staticMethodsAreCached() {
        UserService.findStatic(2);
        redis.awaitReplication();
        assertEquals("static-2", UserService.findStatic(2).name());
        assertEquals(1, UserService.calls("findStatic"));
    }

    @Test
    void privateMethodsAreCached() {
        service.findViaPrivate(3);
        redis.awaitReplication();
        service.findViaPrivate(3);
        assertEquals(1, UserService.calls("findPrivately"));
        assertTrue(stored("users:private", "3").contains("private-3"));
    }

    @Test
    void genericListComesBackAsModelElements() {
        service.members("core");
        redis.awaitReplication();
        List<User> members = service.members("core");
        assertEquals(1, UserService.calls("members"));
        assertEquals(User.class, members.get(0).getClass());
        assertEquals("bob", members.get(1).name());
    }

    @Test
    void optionalIsCachedWhenPresentAndNotWhenEmpty() {
        assertEquals("opt", service.maybe(4).orElseThrow().name());
        redis.awaitReplication();
        assertEquals("opt", service.maybe(4).orElseThrow().name());
        assertEquals(1, UserService.calls("maybe"));
        assertEquals(Optional.empty(), service.maybe(-1));
        assertEquals(Optional.empty(), service.maybe(-1));
        assertEquals(3, UserService.calls("maybe"));
        assertNull(stored("users:opt", "-1"));
    }

    @Test
    void completableFutureIsCachedAndLookedUpAsynchronously() throws Exception {
        assertEquals("async", service.async(5).get(5, TimeUnit.SECONDS).name());
        redis.awaitReplication();
        assertEquals("async", service.async(5).get(5, TimeUnit.SECONDS).name());
        assertEquals(1, UserService.calls("async"));
    }

    @Test
    void primitiveReturnTypesAreBoxed() {
        assertEquals(42, service.counter("x"));
        redis.awaitReplication();
        assertEquals(42, service.counter("x"));
        assertEquals(1, UserService.calls("counter"));
        assertEquals("42", stored("counters", "x"));
    }

    @Test
    void compositeKeyAndFieldFromPropertyChains() {
        Tenant acme = new Tenant("acme", new Tenant.Region("eu"));
        service.inTenant(acme, 9);
        assertTrue(stored("users:acme", "eu:9").contains("\"name\":\"acme\""));
        redis.awaitReplication();
        service.inTenant(acme, 9);
        assertEquals(1, UserService.calls("inTenant"));
    }

    @Test
    void methodExceptionPropagatesUnchangedAndNothingIsCached() {
        IOException e = assertThrows(IOException.class, () -> service.failing(11));
        assertEquals("database unavailable", e.getMessage());
        assertNull(stored("users", "11"));
    }

    @Test
    void nullResultIsReturnedAndNotCached() {
        assertNull(service.nothing(12));
        assertNull(service.nothing(12));
        assertEquals(2, UserService.calls("nothing"));
    }

    @Test
    void invalidLoadedValueIsReturnedButNotCached() {
        assertEquals("", service.invalidFromDatabase(13).name());
        assertNull(stored("users:invalid", "13"));
    }

    @Test
    void staleEntryFromAnOlderModelIsReloaded() {
        try (Jedis j = redis.primary().connect()) {
            j.hset("users", "14", "{\"id\":14,\"name\":\"old model, no email\"}");
        }
        redis.awaitReplication();
        assertEquals("user14@example.com", service.find(14).email());
        assertEquals(1, UserService.calls("find"));
        assertTrue(stored("users", "14").contains("user14@example.com"));
    }

    @Test
    void thirtyTwoConcurrentCallersRunTheBodyOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<User>> results = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                results.add(threads.submit(() -> {
                    go.await();
                    return service.slow(15);
                }));
            }
            go.countDown();
            for (Future<User> f : results) {
                assertEquals("slow", f.get(10, TimeUnit.SECONDS).name());
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(1, UserService.calls("slow"));
    }

    @Test
    void redisDownFailsOpenByDefaultAndThrowsWhenAsked() {
        try (RedisGroup dead = RedisGroup.start(0);
             KompressCache deadCache = KompressCache.create(KompressConfig.builder()
                 .primary(dead.primary().host(), dead.primary().port()).timeout(Duration.ofMillis(300)).build())) {
            KompressCache.setDefault(deadCache);
            dead.primary().kill();
            assertEquals("user-16", service.find(16).name());
            assertEquals(1, UserService.calls("find"));
            CacheUnavailableException e = assertThrows(CacheUnavailableException.class, () -> service.strict(16));
            assertEquals(503, e.statusCode());
            assertEquals(0, UserService.calls("strict"));
        } finally {
            KompressCache.setDefault(cache);
        }
    }

    @Test
    void fieldsWithSeparatorsAndUnicodeWork() {
        service.byName("Zoë: the \"admin\" ✓");
        redis.awaitReplication();
        assertEquals("Zoë: the \"admin\" ✓", service.byName("Zoë: the \"admin\" ✓").name());
        assertEquals(1, UserService.calls("byName"));
    }
}
