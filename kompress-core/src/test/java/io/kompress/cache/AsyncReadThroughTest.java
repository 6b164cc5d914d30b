package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.config.KompressConfig;
import io.kompress.testing.RedisGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code hgetLAsync}: the lookup runs off the caller's thread; loads and errors arrive through the future. */
class AsyncReadThroughTest {

    record Quote(String symbol, long cents) {
    }

    private static final CacheModel<Quote> QUOTES = CacheModel.of(Quote.class);
    private static final CachePolicy FAIL_OPEN = CachePolicy.builder().failurePolicy(FailurePolicy.FAIL_OPEN).build();
    private static RedisGroup redis;
    private static KompressCache cache;

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(1);
        cache = TestCaches.create(redis, Duration.ofMillis(500));
    }

    @AfterAll
    static void stop() {
        cache.close();
        redis.close();
    }

    @Test
    void missLoadsStoresAndLaterHitSkipsTheLoader() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        AtomicReference<String> lookupThread = new AtomicReference<>();
        Quote q = cache.hgetLAsync("quotes", "ACME", () -> {
            loads.incrementAndGet();
            lookupThread.set(Thread.currentThread().getName());
            return CompletableFuture.supplyAsync(() -> new Quote("ACME", 12_345));
        }, QUOTES, FAIL_OPEN).get(5, TimeUnit.SECONDS);
        assertEquals(new Quote("ACME", 12_345), q);
        assertTrue(lookupThread.get().startsWith("kompress-async-"), lookupThread.get());
        redis.awaitReplication();
        Quote hit = cache.hgetLAsync("quotes", "ACME", () -> {
            loads.incrementAndGet();
            return CompletableFuture.completedFuture(new Quote("ACME", 0));
        }, QUOTES, FAIL_OPEN).get(5, TimeUnit.SECONDS);
        assertEquals(12_345, hit.cents());
        assertEquals(1, loads.get());
    }

    @Test
    void callerIsNotBlockedByAPausedRedis() throws Exception {
        try (RedisGroup paused = RedisGroup.start(0);
             KompressCache slow = TestCaches.create(paused, Duration.ofSeconds(2))) {
            paused.primary().pause();
            CompletableFuture<Quote> f = slow.hgetLAsync("quotes", "X", () -> CompletableFuture.completedFuture(
                new Quote("X", 1)), QUOTES, FAIL_OPEN);
            // Had the caller waited for the lookup, the (fail-open) future would be complete by now.
            assertFalse(f.isDone(), "hgetLAsync returned before the paused Redis answered");
            assertEquals(new Quote("X", 1), f.get(5, TimeUnit.SECONDS)); // fail-open after the timeout
        }
    }

    @Test
    void loaderFailureCompletesTheFutureExceptionally() {
        IOException failure = new IOException("upstream down");
        CompletableFuture<Quote> f = cache.hgetLAsync("quotes", "FAIL", () -> CompletableFuture.failedFuture(failure),
            QUOTES, FAIL_OPEN);
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS));
        assertSame(failure, e.getCause());
    }

    @Test
    void nullFromTheLoaderIsNotCached() throws Exception {
        assertNull(cache.hgetLAsync("quotes", "NONE", () -> CompletableFuture.completedFuture((Quote) null),
            QUOTES, FAIL_OPEN).get(5, TimeUnit.SECONDS));
        assertNull(cache.hget("quotes", "NONE"));
    }

    @Test
    void applicationExecutorIsUsedWhenConfigured() throws Exception {
        ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "app-executor"));
        KompressConfig config = TestCaches.configFor(redis, Duration.ofMillis(500)).executor(mine).build();
        AtomicReference<String> thread = new AtomicReference<>();
        try (KompressCache withExecutor = KompressCache.create(config)) {
            withExecutor.hgetLAsync("quotes", "EXEC", () -> {
                thread.set(Thread.currentThread().getName());
                return CompletableFuture.completedFuture(new Quote("EXEC", 2));
            }, QUOTES, FAIL_OPEN).get(5, TimeUnit.SECONDS);
        }
        assertEquals("app-executor", thread.get());
        assertTrue(!mine.isShutdown(), "the application's executor is not shut down by close()");
        mine.shutdown();
    }
}
