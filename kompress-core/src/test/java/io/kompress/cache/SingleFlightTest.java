package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.KompressConfig;
import io.kompress.testing.RedisGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Concurrent misses for one entry run the loader once in this JVM. */
class SingleFlightTest {

    record Report(String id, int version) {
    }

    private static RedisGroup redis;
    private static ExecutorService threads;

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(1);
        threads = Executors.newFixedThreadPool(32);
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
        redis.close();
    }

    private static List<Future<Report>> race(KompressCache cache, String field, Loadable<Report> loader) {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Report>> results = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            results.add(threads.submit(() -> {
                go.await();
                return cache.hgetL("reports", field, loader, Report.class);
            }));
        }
        go.countDown();
        return results;
    }

    @Test
    void thirtyTwoConcurrentMissesRunTheLoaderOnce() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        try (KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(2))) {
            List<Future<Report>> results = race(cache, "r1", () -> {
                loads.incrementAndGet();
                Thread.sleep(300); // a slow query: every other caller arrives while it runs
                return new Report("r1", 1);
            });
            for (Future<Report> f : results) {
                assertEquals(new Report("r1", 1), f.get(10, TimeUnit.SECONDS));
            }
        }
        assertEquals(1, loads.get());
    }

    @Test
    void waitersGetTheLeadersExceptionUnchanged() throws Exception {
        IOException failure = new IOException("db down");
        AtomicInteger loads = new AtomicInteger();
        try (KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(2))) {
            List<Future<Report>> results = race(cache, "r2", () -> {
                loads.incrementAndGet();
                Thread.sleep(300);
                throw failure;
            });
            for (Future<Report> f : results) {
                ExecutionException e = assertThrows(ExecutionException.class,
                    () -> f.get(10, TimeUnit.SECONDS));
                assertSame(failure, e.getCause());
            }
        }
        assertEquals(1, loads.get());
    }

    @Test
    void waitersGiveUpAfterTheWaitAndLoadThemselves() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        KompressConfig config = TestCaches.configFor(redis, Duration.ofSeconds(2))
            .singleFlightWait(Duration.ofMillis(100)).build();
        try (KompressCache cache = KompressCache.create(config)) {
            List<Future<Report>> results = race(cache, "r3", () -> {
                Thread.sleep(loads.incrementAndGet() == 1 ? 1500 : 0);
                return new Report("r3", 3);
            });
            for (Future<Report> f : results) {
                assertEquals(new Report("r3", 3), f.get(10, TimeUnit.SECONDS));
            }
        }
        assertTrue(loads.get() > 1, "followers loaded after their wait ran out");
    }

    @Test
    void zeroWaitDisablesSingleFlight() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        KompressConfig config = TestCaches.configFor(redis, Duration.ofSeconds(2))
            .singleFlightWait(Duration.ZERO).build();
        try (KompressCache cache = KompressCache.create(config)) {
            List<Future<Report>> results = race(cache, "r4", () -> {
                loads.incrementAndGet();
                Thread.sleep(300);
                return new Report("r4", 4);
            });
            for (Future<Report> f : results) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        assertTrue(loads.get() > 1, "loads: " + loads.get());
    }
}
