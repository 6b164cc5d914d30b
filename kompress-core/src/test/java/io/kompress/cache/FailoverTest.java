package io.kompress.cache;

import static io.kompress.cache.TestCaches.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.errors.CacheTimeoutException;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/** Real processes killed, paused (SIGSTOP) and restarted under a live cache with a 500 ms timeout. */
class FailoverTest {

    private static final Duration TIMEOUT = Duration.ofMillis(500);

    private RedisGroup redis;
    private KompressCache cache;

    @BeforeEach
    void start() {
        redis = RedisGroup.start(2);
        cache = TestCaches.create(redis, TIMEOUT);
        for (int i = 0; i < 20; i++) {
            cache.hset("users", "u" + i, "value-" + i);
        }
        redis.awaitReplication();
    }

    @AfterEach
    void stop() {
        cache.close();
        redis.close();
    }

    private void assertAllReadsCorrect(int rounds) {
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < 20; i++) {
                assertEquals("value-" + i, cache.hget("users", "u" + i));
            }
        }
    }

    @Test
    void killedReplicaIsSkippedAndReadsStayCorrect() {
        redis.replica(0).kill();
        assertAllReadsCorrect(5);
        long before = redis.replica(1).commandCalls("hget");
        assertAllReadsCorrect(1);
        assertEquals(before + 20, redis.replica(1).commandCalls("hget"), "the live replica serves every read");
    }

    @Test
    void killedConnectionsAreReplacedWithoutAFailoverOrAnError() {
        assertAllReadsCorrect(2);
        CacheStats before = cache.stats();
        for (RedisProcess node : List.of(redis.primary(), redis.replica(0), redis.replica(1))) {
            try (Jedis admin = node.connect()) {
                admin.sendCommand(Protocol.Command.CLIENT, "KILL", "TYPE", "normal");
            }
        }
        assertAllReadsCorrect(3);
        cache.hset("users", "u0", "value-0");
        CacheStats after = cache.stats();
        assertEquals(0, after.count(Counter.REPLICA_FAILOVERS) - before.count(Counter.REPLICA_FAILOVERS),
            "each replica retried on a new connection, not failed over");
        assertEquals(errors(before), errors(after), "no call failed");
        assertEquals(before.count(Counter.PRIMARY_CALLS) + 1, after.count(Counter.PRIMARY_CALLS),
            "only the write went to the primary");
    }

    @Test
    void withEveryReplicaDeadThePrimaryServesReads() {
        redis.replica(0).kill();
        redis.replica(1).kill();
        assertAllReadsCorrect(3);
        long before = redis.primary().commandCalls("hget");
        assertAllReadsCorrect(1);
        assertEquals(before + 20, redis.primary().commandCalls("hget"));
    }

    @Test
    void pausedReplicasCostOneTimeoutThenTheNextReadsAreFast() {
        redis.replica(0).pause();
        redis.replica(1).pause();
        CacheStats before = cache.stats();
        for (int i = 0; i < 21; i++) {
            assertEquals("value-" + i % 20, cache.hget("users", "u" + i % 20));
        }
        CacheStats after = cache.stats();
        assertEquals(1, after.count(Counter.REPLICA_FAILOVERS) - before.count(Counter.REPLICA_FAILOVERS),
            "one read paid a replica timeout; the other replica was suspected, not tried");
        assertEquals(21, after.count(Counter.PRIMARY_CALLS) - before.count(Counter.PRIMARY_CALLS),
            "the primary served every read");
        assertEquals(0, after.count(Counter.REPLICA_CALLS) - before.count(Counter.REPLICA_CALLS));
    }

    @Test
    void onePausedReplicaLeavesTheOtherInRotation() {
        redis.replica(0).pause();
        CacheStats before = cache.stats();
        assertAllReadsCorrect(1); // replica 0 times out once (if picked), replica 1 is briefly re-checked
        assertTrue(cache.stats().count(Counter.REPLICA_FAILOVERS) - before.count(Counter.REPLICA_FAILOVERS) <= 1,
            "at most one timeout");
        assertRejoins(redis.replica(1));
    }

    @Test
    void resumedReplicaReturnsToRotation() {
        redis.replica(0).pause();
        assertAllReadsCorrect(2); // the replica times out once and is taken out of rotation
        redis.replica(0).resume();
        assertRejoins(redis.replica(0));
    }

    @Test
    void restartedReplicaRejoinsRotationAfterResync() {
        redis.replica(1).kill();
        assertAllReadsCorrect(2);
        redis.replica(1).restart();
        redis.awaitReplicasInSync();
        assertRejoins(redis.replica(1));
        assertAllReadsCorrect(2);
    }

    private void assertRejoins(RedisProcess replica) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        long before = replica.commandCalls("hget");
        while (replica.commandCalls("hget") == before) {
            assertTrue(System.nanoTime() < deadline, replica + " did not rejoin the read rotation within 5 s");
            assertAllReadsCorrect(1);
        }
    }

    @Test
    void killedPrimaryFailsWritesWith503AndReadsStillWork() {
        redis.primary().kill();
        CacheUnavailableException e = assertThrows(CacheUnavailableException.class,
            () -> cache.hset("users", "new", "x"));
        assertEquals(503, e.statusCode());
        assertEquals("HSET", e.operation());
        assertEquals(redis.primary().address(), e.node());
        assertTrue(e.getMessage().startsWith("HSET on " + redis.primary().address()), e.getMessage());
        assertThrows(CacheUnavailableException.class, () -> cache.hdel("users", "u1"));
        assertAllReadsCorrect(1);
    }

    @Test
    void pausedPrimaryFailsWritesWith504WithinAboutOneTimeout() {
        redis.primary().pause();
        CacheTimeoutException e = assertThrows(CacheTimeoutException.class, () -> cache.hset("users", "n", "x"));
        assertEquals(504, e.statusCode());
        assertTrue(e.getMessage().contains("no answer within 500 ms"), e.getMessage());
        CacheUnavailableException fast = assertThrows(CacheUnavailableException.class,
            () -> cache.hset("users", "n2", "x"), "while the primary is down, writes fail fast");
        assertTrue(fast.getMessage().contains("failing fast"), fast.getMessage());
        redis.primary().resume();
        assertEquals(1, eventually(() -> cache.hset("users", "after-resume", "ok"), Duration.ofSeconds(1)),
            "works again, without a new instance, as soon as a probe reaches the primary");
    }

    @Test
    void pausedPrimaryCostsOneTimeoutThenWritesFailFast() {
        redis.primary().pause();
        assertThrows(CacheTimeoutException.class, () -> cache.hset("users", "n", "x"));
        for (int i = 0; i < 20; i++) {
            CacheUnavailableException e = assertThrows(CacheUnavailableException.class,
                () -> cache.hset("users", "n", "x"));
            assertTrue(e.getMessage().contains("failing fast"), "not sent to the paused primary: " + e.getMessage());
        }
        assertEquals(1, cache.stats().count(Counter.TIMEOUT_ERRORS), "one timeout paid, 20 writes refused without one");
        assertEquals(20, cache.stats().count(Counter.UNAVAILABLE_ERRORS));
        redis.primary().resume();
    }

    @Test
    void resumedPrimaryTakesWritesAgainAfterOneProbeAndFailedFastWritesNeverReachIt() throws Exception {
        int writers = 8;
        long hsetsBefore = redis.primary().commandCalls("hset");
        long pingsBefore = redis.primary().commandCalls("ping");
        AtomicLong timeouts = new AtomicLong();
        AtomicLong failedFast = new AtomicLong();
        AtomicLong firstSuccess = new AtomicLong(Long.MAX_VALUE);
        CountDownLatch done = new CountDownLatch(writers);
        redis.primary().pause();
        for (int t = 0; t < writers; t++) {
            String field = "writer-" + t;
            Thread writer = new Thread(() -> {
                while (true) {
                    try {
                        cache.hset("users", field, "ok");
                        firstSuccess.accumulateAndGet(System.nanoTime(), Math::min);
                        break;
                    } catch (CacheTimeoutException e) {
                        timeouts.incrementAndGet();
                    } catch (CacheUnavailableException e) {
                        failedFast.incrementAndGet();
                        Thread.onSpinWait();
                    }
                }
                done.countDown();
            });
            writer.setDaemon(true);
            writer.start();
        }
        eventually(() -> {
            if (failedFast.get() < 1_000) {
                throw new IllegalStateException("the breaker has not refused 1 000 writes yet");
            }
            return true;
        }, Duration.ofSeconds(30));
        long resumed = System.nanoTime();
        redis.primary().resume();
        assertTrue(done.await(30, TimeUnit.SECONDS), "every writer succeeded after the resume");
        long refused = failedFast.get();
        assertTrue(timeouts.get() <= writers, "no writer paid more than one timeout: " + timeouts);
        long hsets = redis.primary().commandCalls("hset") - hsetsBefore;
        assertTrue(hsets >= writers && hsets <= writers + timeouts.get(), "only the successful writes and (if the "
            + "server still read them) the timed-out ones reached the primary, none of the " + refused
            + " refused ones: " + hsets + " HSETs");
        long pings = redis.primary().commandCalls("ping") - pingsBefore;
        System.out.printf("Primary recovery: writes succeeded again %d ms after SIGCONT; "
                + "%d writes failed fast in all, %d timed out; %d probe PINGs reached the primary%n",
            TimeUnit.NANOSECONDS.toMillis(firstSuccess.get() - resumed),
            refused, timeouts.get(), pings);
    }

    @Test
    void restartedPrimaryWorksAgainWithoutANewInstance() {
        redis.primary().kill();
        assertThrows(CacheUnavailableException.class, () -> cache.hset("users", "n", "x"));
        redis.primary().restart();
        assertEquals(1, eventually(() -> cache.hset("users", "after-restart", "ok"), Duration.ofSeconds(1)));
    }

    @Test
    void primaryRestartedWhileIdleDoesNotFailTheNextWrite() {
        cache.hset("users", "warm", "pool"); // leaves an idle pooled connection to the old process
        redis.primary().restart();
        assertEquals(1, cache.hset("users", "first-after-restart", "ok"));
    }

    @Test
    void everyNodeDownMakesReadsFailWith503() {
        redis.replica(0).kill();
        redis.replica(1).kill();
        redis.primary().kill();
        CacheUnavailableException e = assertThrows(CacheUnavailableException.class, () -> cache.hget("users", "u1"));
        assertEquals("HGET", e.operation());
        assertEquals(redis.primary().address(), e.node());
    }

    @Test
    void refusedConnectionToAServerThatNeverRanIs503() {
        KompressConfig config = KompressConfig.builder().primary("127.0.0.1", io.kompress.testing.FreePorts.next())
            .timeout(TIMEOUT).build();
        try (KompressCache nowhere = KompressCache.create(config)) {
            CacheUnavailableException e = assertThrows(CacheUnavailableException.class, () -> nowhere.hget("k", "f"));
            assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
        }
    }

    private static long errors(CacheStats s) {
        return s.count(Counter.UNAVAILABLE_ERRORS) + s.count(Counter.TIMEOUT_ERRORS) + s.count(Counter.OTHER_ERRORS);
    }
}
