package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.errors.KompressCacheException;
import io.kompress.testing.RedisGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Loaders that throw, return null or are interrupted; callers interrupted while waiting; close under load. */
class InterruptAndCloseTest {

    private static RedisGroup redis;

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(1);
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void interruptedLoaderPropagatesAndCachesNothing() {
        try (KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(2))) {
            InterruptedException interrupted = new InterruptedException("cancelled");
            Exception e = assertThrows(Exception.class, () -> cache.hgetL("intr", "1", () -> {
                throw interrupted;
            }));
            assertEquals(interrupted, e);
            assertNull(cache.hget("intr", "1"));
            assertEquals("loaded", cache.hgetL("intr", "1", () -> "loaded"), "the next call loads normally");
        }
    }

    @Test
    void loaderReturningNullIsReturnedEachTimeAndNeverCached() {
        AtomicInteger loads = new AtomicInteger();
        try (KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(2))) {
            for (int i = 0; i < 3; i++) {
                assertNull(cache.hgetL("nulls", "1", () -> {
                    loads.incrementAndGet();
                    return null;
                }));
            }
            assertNull(cache.hget("nulls", "1"));
        }
        assertEquals(3, loads.get());
    }

    @Test
    void callerInterruptedWhileWaitingForAnotherLoadStopsWaitingAndLoadsItself() throws Exception {
        CountDownLatch leaderStarted = new CountDownLatch(1);
        CountDownLatch releaseLeader = new CountDownLatch(1);
        try (KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(2))) {
            Thread leader = new Thread(() -> cache.hgetL("wait", "1", () -> {
                leaderStarted.countDown();
                releaseLeader.await();
                return "leader";
            }));
            leader.start();
            assertTrue(leaderStarted.await(5, TimeUnit.SECONDS));
            AtomicReference<String> got = new AtomicReference<>();
            AtomicBoolean stillInterrupted = new AtomicBoolean();
            Thread follower = new Thread(() -> {
                got.set(cache.hgetL("wait", "1", () -> "follower"));
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
            follower.start();
            Thread.sleep(200); // the follower is now waiting for the leader (single-flight wait: 5 s)
            long start = System.nanoTime();
            follower.interrupt();
            follower.join(2000);
            assertFalse(follower.isAlive(), "the interrupted follower is still waiting");
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(1));
            assertEquals("follower", got.get());
            assertTrue(stillInterrupted.get(), "the interrupt status is kept for the caller to see");
            releaseLeader.countDown();
            leader.join(5000);
        }
    }

    @Test
    void followersOfAnInterruptedLeaderLoadThemselvesInsteadOfSeeingItsInterrupt() throws Exception {
        CountDownLatch leaderStarted = new CountDownLatch(1);
        try (KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(2))) {
            AtomicReference<Throwable> leaderSaw = new AtomicReference<>();
            Thread leader = new Thread(() -> {
                try {
                    cache.hgetL("lead", "1", () -> {
                        leaderStarted.countDown();
                        Thread.sleep(10_000);
                        return "never";
                    });
                } catch (Throwable t) {
                    leaderSaw.set(t);
                }
            });
            leader.start();
            assertTrue(leaderStarted.await(5, TimeUnit.SECONDS));
            AtomicReference<Object> followerGot = new AtomicReference<>();
            Thread follower = new Thread(() -> {
                try {
                    followerGot.set(cache.hgetL("lead", "1", () -> "follower"));
                } catch (Throwable t) {
                    followerGot.set(t);
                }
            });
            follower.start();
            Thread.sleep(200);
            leader.interrupt();
            leader.join(5000);
            follower.join(5000);
            assertInstanceOf(InterruptedException.class, leaderSaw.get());
            assertEquals("follower", followerGot.get());
        }
    }

    @Test
    void closeWhileCallsAreInFlightNeitherHangsNorReturnsWrongValues() throws Exception {
        KompressCache cache = TestCaches.create(redis, Duration.ofSeconds(2));
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                for (int i = 0; running.get(); i++) {
                    String field = id + ":" + (i % 50);
                    String outcome;
                    try {
                        String v = cache.hgetL("closing", field, () -> "value-" + field);
                        outcome = v.equals("value-" + field) ? "correct" : "WRONG";
                    } catch (IllegalStateException e) {
                        outcome = e.getMessage().contains("closed") ? "closed" : "other: " + e;
                    } catch (KompressCacheException e) {
                        outcome = "redis error " + e.statusCode();
                    } catch (RuntimeException e) {
                        outcome = "other: " + e;
                    }
                    outcomes.merge(outcome.startsWith("other") ? outcome : outcome.split(" \\d")[0], 1, Integer::sum);
                    if (outcome.equals("closed")) {
                        return;
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        Thread.sleep(300);
        cache.close();
        for (Thread t : threads) {
            t.join(5000);
            assertFalse(t.isAlive(), "a caller hangs after close()");
        }
        running.set(false);
        assertTrue(outcomes.getOrDefault("correct", 0) > 0, outcomes.toString());
        assertEquals(8, outcomes.getOrDefault("closed", 0), outcomes.toString());
        assertFalse(outcomes.containsKey("WRONG"), outcomes.toString());
        assertTrue(outcomes.keySet().stream().noneMatch(k -> k.startsWith("other")), outcomes.toString());
    }
}
