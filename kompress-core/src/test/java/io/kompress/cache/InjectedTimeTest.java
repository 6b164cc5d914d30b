package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kompress.cache.internal.engine.DefaultKompressCache;
import io.kompress.cache.internal.time.FakeTime;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClientPauseMode;

/**
 * Behaviour that depends on time, run on a {@link FakeTime} that moves only when the test says so: health-probe
 * back-off and the refresh-ahead retry back-off happen exactly at their deadlines, never before, however
 * loaded the machine is. Redis processes are real.
 */
class InjectedTimeTest {

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);

    record Item(String name) {
    }

    private static FakeTime time() {
        return new FakeTime(Instant.parse("2026-01-01T00:00:00Z"));
    }

    @Test
    void aRestartedReplicaRejoinsAtItsNextProbeAndNotBefore() {
        FakeTime time = time();
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = new DefaultKompressCache(
                 TestCaches.configFor(redis, Duration.ofMillis(500)).build(), time)) { // probes: 50 ms doubling to 200

            cache.hset("probe", "f", "v");
            redis.awaitReplication();
            RedisProcess replica = redis.replica(0);
            replica.kill();
            assertEquals("v", cache.hget("probe", "f"), "the refused read failed over to the primary");
            time.advance(Duration.ofMillis(50)); // probe 1 fails: next in 100 ms
            time.advance(Duration.ofMillis(100)); // probe 2 fails: next in 200 ms
            replica.restart();
            redis.awaitReplicasInSync();

            time.advance(Duration.ofMillis(199));
            assertEquals("v", cache.hget("probe", "f"));
            assertEquals(0, replica.commandCalls("hget"), "out of rotation until its probe is due");

            time.advance(Duration.ofMillis(1)); // probe 3 runs now, on this thread, and succeeds
            assertEquals("v", cache.hget("probe", "f"));
            assertEquals(1, replica.commandCalls("hget"), "back in rotation right after the probe");
        }
    }

    @Test
    void aReplicaThatAnswersButLagsIsCheckedAgainAtTheInitialDelayInsteadOfBackingOff() {
        FakeTime time = time();
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = new DefaultKompressCache(
                 TestCaches.configFor(redis, Duration.ofMillis(500)).build(), time)) { // probes: 50 ms doubling to 200

            cache.hset("probe", "f", "v");
            redis.awaitReplication();
            RedisProcess replica = redis.replica(0);
            replica.kill();
            assertEquals("v", cache.hget("probe", "f"), "the refused read failed over to the primary");
            time.advance(Duration.ofMillis(50)); // probe 1 fails: next in 100 ms
            time.advance(Duration.ofMillis(100)); // probe 2 fails: next in 200 ms, the maximum
            replica.restart();
            redis.awaitReplicasInSync();
            try (Jedis r = replica.connect()) {
                r.clientPause(60_000, ClientPauseMode.WRITE); // answers INFO, link up, applies no replicated write
                cache.hset("probe", "f", "v2");

                time.advance(Duration.ofMillis(200)); // probe 3: link up but behind the primary
                assertEquals("v2", cache.hget("probe", "f"), "a lagging replica does not serve the old value");
                assertEquals(0, replica.commandCalls("hget"), "out of rotation while behind");

                r.clientUnpause();
            }
            redis.awaitReplicasInSync();
            time.advance(Duration.ofMillis(50)); // probe 4 at the initial delay, not the 200 ms back-off
            assertEquals("v2", cache.hget("probe", "f"));
            assertEquals(1, replica.commandCalls("hget"), "back in rotation one initial delay after it caught up");
        }
    }

    @Test
    void aFailedRefreshIsRetriedOnlyAfterItsBackOff() throws Exception {
        FakeTime time = time();
        CachePolicy refresh = CachePolicy.builder().ttl(Duration.ofSeconds(10)).refreshAhead(0.2).build();
        AtomicInteger reloads = new AtomicInteger();
        try (RedisGroup redis = RedisGroup.start(0);
             KompressCache cache = new DefaultKompressCache(
                 TestCaches.configFor(redis, Duration.ofSeconds(2)).build(), time)) {
            cache.hgetL("refresh", "1", () -> new Item("v1"), ITEM, refresh);
            time.advance(Duration.ofMillis(8_500)); // in the refresh window (the last 2 s of 10)

            Loadable<Item> failing = () -> {
                reloads.incrementAndGet();
                throw new IllegalStateException("database down");
            };
            assertEquals("v1", cache.hgetL("refresh", "1", failing, ITEM, refresh).name());
            awaitTrue(() -> cache.stats().count(Counter.REFRESH_FAILURES) == 1);

            time.advance(Duration.ofMillis(999));
            assertEquals("v1", cache.hgetL("refresh", "1", failing, ITEM, refresh).name());
            assertEquals(1, reloads.get(), "no second reload within the 1 s back-off");

            time.advance(Duration.ofMillis(1));
            assertEquals("v1", cache.hgetL("refresh", "1", () -> new Item("v2"), ITEM, refresh).name());
            awaitTrue(() -> cache.stats().count(Counter.REFRESHES) == 1);
            assertEquals("v2", cache.hgetL("refresh", "1", failing, ITEM, refresh).name());
        }
    }

    /** Waits (real time, bounded) for background work on the cache's executor; asserts nothing about timing. */
    private static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("background work did not finish within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
