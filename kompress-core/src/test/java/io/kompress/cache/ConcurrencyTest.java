package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.KompressConfig;
import io.kompress.testing.FreePorts;
import io.kompress.testing.RedisGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One instance shared by many threads, and what happens at and after close. */
class ConcurrencyTest {

    record Product(long id, String name) {
    }

    private static RedisGroup redis;

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(2);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void sixteenThreadsShareOneInstanceAndAlwaysSeeTheirOwnProduct() throws Exception {
        KompressConfig config = TestCaches.configFor(redis, Duration.ofSeconds(2)).poolSize(4).build();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (KompressCache cache = KompressCache.create(config)) {
            AtomicInteger firstRoundLoads = new AtomicInteger();
            assertEquals(16 * 300, runRound(cache, pool, firstRoundLoads));
            assertTrue(firstRoundLoads.get() >= 50, "every product is loaded at least once");
            redis.awaitReplication();
            AtomicInteger secondRoundLoads = new AtomicInteger();
            assertEquals(16 * 300, runRound(cache, pool, secondRoundLoads));
            assertEquals(0, secondRoundLoads.get(), "once replicated, every read is a hit");
        } finally {
            pool.shutdownNow();
        }
    }

    /** 16 threads each read 300 products (50 distinct) through hgetL; returns how many reads were checked. */
    private static int runRound(KompressCache cache, ExecutorService pool, AtomicInteger loads) throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        for (int t = 0; t < 16; t++) {
            results.add(pool.submit(() -> {
                int checked = 0;
                for (int i = 0; i < 300; i++) {
                    long id = i % 50;
                    Product p = cache.hgetL("products", String.valueOf(id), () -> {
                        loads.incrementAndGet();
                        return new Product(id, "product-" + id);
                    }, Product.class);
                    assertEquals(new Product(id, "product-" + id), p);
                    checked++;
                }
                return checked;
            }));
        }
        int total = 0;
        for (Future<Integer> f : results) {
            total += f.get(60, TimeUnit.SECONDS);
        }
        return total;
    }

    @Test
    void callsAfterCloseFailClearly() {
        KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(1));
        cache.hset("closing", "f", "v");
        cache.close();
        cache.close(); // idempotent
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> cache.hget("closing", "f"));
        assertTrue(e.getMessage().contains("closed"));
        assertThrows(IllegalStateException.class, () -> cache.hgetL("closing", "f", () -> "x"));
    }

    @Test
    void closeStopsTheHealthProbeThread() throws InterruptedException {
        KompressConfig config = TestCaches.configFor(redis, Duration.ofSeconds(1))
            .noReplicas().replica("127.0.0.1", FreePorts.next()).build(); // a replica nobody runs
        KompressCache cache = KompressCache.create(config);
        long before = probeThreads();
        cache.hget("closing", "f"); // the dead replica goes down; its probe thread starts
        assertEquals(before + 1, probeThreads());
        cache.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (probeThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(before, probeThreads());
    }

    private static long probeThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("kompress-health-probe") && t.isAlive()).count();
    }
}
