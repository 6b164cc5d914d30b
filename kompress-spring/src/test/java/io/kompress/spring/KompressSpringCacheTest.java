package io.kompress.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.RedisGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.KeyGenerator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import redis.clients.jedis.Jedis;

/**
 * Spring's cache annotations on Kompress, in a plain Spring context (no Boot) against a real {@code redis-server}:
 * what is stored, what is read, single-flight, put and evict, the whole-cache eviction, model changes, composite
 * keys and generic types, and Redis failures.
 */
class KompressSpringCacheTest {

    private RedisGroup redis;
    private KompressCache kompress;
    private AnnotationConfigApplicationContext context;
    private UserRepository users;

    /** The application's caching configuration, as the Boot starter would make it. */
    @Configuration
    @EnableCaching
    static class AppConfig implements CachingConfigurer {

        private static KompressCache cache;

        static void use(KompressCache kompress) {
            cache = kompress;
        }

        @Bean
        @Override
        public KompressCacheManager cacheManager() {
            return KompressCacheManager.builder(cache)
                .cache("strict", new CacheSettings(null, CachePolicy.builder().failurePolicy(FailurePolicy.THROW)
                    .build()))
                .cache("hot", new CacheSettings(null, CachePolicy.builder().nearCache().build()))
                .build();
        }

        @Override
        public CacheResolver cacheResolver() {
            return new KompressCacheResolver(cacheManager());
        }

        @Override
        public KeyGenerator keyGenerator() {
            return new KompressKeyGenerator();
        }

        @Bean
        UserRepository userRepository() {
            return new UserRepository();
        }
    }

    @BeforeEach
    void start() {
        redis = RedisGroup.start(0);
        kompress = KompressCache.create(KompressConfig.builder()
            .primary(redis.primary().host(), redis.primary().port()).timeout(Duration.ofMillis(500))
            .probeDelays(Duration.ofMillis(50), Duration.ofMillis(200)).build());
        AppConfig.use(kompress);
        context = new AnnotationConfigApplicationContext(AppConfig.class);
        users = context.getBean(UserRepository.class);
    }

    @AfterEach
    void stop() {
        context.close();
        kompress.close();
        redis.close();
    }

    private String raw(String key, String field) {
        try (Jedis j = redis.primary().connect()) {
            return j.hget(key, field);
        }
    }

    @Test
    void aCacheableMethodRunsOnceAndItsEntryIsThePlainModelJson() {
        assertEquals(new User(42, "user-42"), users.find(42));
        assertEquals(new User(42, "user-42"), users.find(42));
        assertEquals(1, users.loads(), "the second call was a hit");
        assertEquals("{\"id\":42,\"name\":\"user-42\"}", raw("users", "42"), "plain JSON the Python package reads");
        assertEquals(1, kompress.stats().count(Counter.HITS));
    }

    @Test
    void syncCallsShareOneLoad() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        users.holdLoads(gate);
        List<Thread> callers = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r);
            callers.add(t);
            return t;
        });
        try {
            List<Future<User>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(pool.submit(() -> users.findTogether(7)));
            }
            // Released only once every caller has looked Redis up (8 misses) and is parked: the first on the
            // gate, the others waiting for its load. A caller still running could miss the load and make its own.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (kompress.stats().count(Counter.MISSES) < 8 || callers.size() < 8
                || !callers.stream().allMatch(t -> t.getState() == Thread.State.WAITING
                    || t.getState() == Thread.State.TIMED_WAITING)) {
                assertTrue(System.nanoTime() < deadline, "the callers never all waited: "
                    + kompress.stats().count(Counter.MISSES) + " misses");
                Thread.sleep(5); // polling thread states; no timing is asserted
            }
            gate.countDown();
            for (Future<User> call : calls) {
                assertEquals(new User(7, "user-7"), call.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, users.loads(), "one load for eight concurrent callers");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void putWritesAndEvictDeletesTheField() {
        users.save(new User(5, "saved"));
        assertEquals(new User(5, "saved"), users.find(5));
        assertEquals(0, users.loads(), "the put was read back");
        users.delete(5);
        assertEquals(new User(5, "user-5"), users.find(5));
        assertEquals(1, users.loads(), "the evicted entry was loaded again");
    }

    @Test
    void allEntriesUnlinksTheCachesHashAndNothingElse() {
        users.find(1);
        users.find(2);
        users.page("acme", 1);
        users.deleteAll();
        try (Jedis j = redis.primary().connect()) {
            assertFalse(j.exists("users"), "the whole hash is gone, in one UNLINK");
            assertTrue(j.exists("pages"), "other caches are untouched");
        }
        users.find(1);
        assertEquals(4, users.loads());
    }

    @Test
    void anEntryOfAnOlderModelOrGarbageIsLoadedAgainAndRepaired() {
        try (Jedis j = redis.primary().connect()) {
            j.hset("users", "9", "{\"id\":9}"); // an older model without the required name
            j.hset("users", "10", "not json");
        }
        assertEquals(new User(9, "user-9"), users.find(9));
        assertEquals(new User(10, "user-10"), users.find(10));
        assertEquals(2, users.loads());
        assertEquals("{\"id\":9,\"name\":\"user-9\"}", raw("users", "9"), "repaired");
        assertEquals(2, kompress.stats().count(Counter.INVALID));
    }

    @Test
    void severalParametersMakeOneFieldAndGenericTypesComeFromTheReturnType() {
        List<User> first = users.page("acme", 2);
        List<User> again = users.page("acme", 2);
        assertEquals(first, again);
        assertEquals(User.class, again.get(0).getClass(), "elements read back as User, not maps");
        assertEquals(1, users.loads());
        assertTrue(raw("pages", "acme:2").startsWith("[{\"id\":2,"), raw("pages", "acme:2"));
    }

    @Test
    void anOptionalIsCachedAsItsValue() {
        assertEquals(Optional.of(new User(3, "maybe-3")), users.maybe(3));
        assertEquals(Optional.of(new User(3, "maybe-3")), users.maybe(3));
        assertEquals(1, users.loads());
        assertEquals("{\"id\":3,\"name\":\"maybe-3\"}", raw("maybe", "3"));
    }

    @Test
    void withRedisDownCallsFailOpenToTheMethodOrThrowTheMappedErrorWhenTheCacheSaysSo() {
        redis.primary().kill();
        assertEquals(new User(1, "user-1"), users.find(1), "fail-open: the method answers");
        CacheUnavailableException e = assertThrows(CacheUnavailableException.class, () -> users.strict(1));
        assertEquals(503, e.statusCode());
    }

    @Test
    void aMethodReturningAFutureIsCachedAsItsValueWithoutBlockingTheCaller() throws Exception {
        assertEquals(new User(4, "later-4"), users.later(4).get(30, TimeUnit.SECONDS));
        assertEquals(new User(4, "later-4"), users.later(4).get(30, TimeUnit.SECONDS));
        assertEquals(new User(5, "later-5"), users.laterTogether(5).get(30, TimeUnit.SECONDS));
        assertEquals(new User(5, "later-5"), users.laterTogether(5).get(30, TimeUnit.SECONDS));
        assertEquals(2, users.loads(), "one load per id, async lookup and async read-through alike");
        assertEquals("{\"id\":4,\"name\":\"later-4\"}", raw("quotes", "4"));
    }

    @Test
    void aNearCachedCacheAnswersFromMemoryAndSeesAForeignWrite() {
        assertEquals(new User(8, "hot-8"), users.hot(8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (kompress.stats().count(Counter.NEAR_HITS) == 0) { // the key's invalidation stream registers first
            assertTrue(System.nanoTime() < deadline, "no near hit within 60 s");
            assertEquals(new User(8, "hot-8"), users.hot(8));
        }
        try (Jedis j = redis.primary().connect()) {
            j.hset("hot", "8", "{\"id\":8,\"name\":\"written elsewhere\"}"); // another client, as Python would
        }
        while (!users.hot(8).name().equals("written elsewhere")) {
            assertTrue(System.nanoTime() < deadline, "the foreign write was never seen");
        }
        assertEquals(1, users.loads(), "loaded once; the rest were hits, near or from Redis");
    }

    @Test
    void theManagerNamesItsCachesAndRefusesAnUntypedDirectUse() {
        CacheManager manager = context.getBean(CacheManager.class);
        users.find(1);
        assertTrue(manager.getCacheNames().containsAll(List.of("strict", "users")), manager.getCacheNames().toString());
        IllegalStateException untyped = assertThrows(IllegalStateException.class, () -> manager.getCache("users"));
        assertTrue(untyped.getMessage().contains("has no model"), untyped.getMessage());
        KompressSpringCache typed = ((KompressCacheManager) manager).getCache("users", User.class);
        assertEquals(new User(1, "user-1"), typed.get(1L, User.class));
        assertNull(typed.get(99L));
    }
}
