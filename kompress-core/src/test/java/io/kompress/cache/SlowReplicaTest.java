package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.DelayProxy;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A replica that answers 50 ms late (a delaying proxy in front of each replica) stops taking reads: with the
 * default lowest-latency choice it serves only its measuring reads, about one a second, and it wins its share
 * back once the delay goes away. What each replica served is counted on the servers themselves.
 */
class SlowReplicaTest {

    record Item(int id) {
    }

    private static final CacheModel<Item> ITEM = CacheModel.of(Item.class);
    private static final int READERS = 4;

    @Test
    void aSlowReplicaServesOnlyMeasuringReadsAndGetsItsShareBackWhenFastAgain() throws Exception {
        try (RedisGroup redis = RedisGroup.start(2);
             DelayProxy toFirst = DelayProxy.to(redis.replica(0).port());
             DelayProxy toSecond = DelayProxy.to(redis.replica(1).port());
             KompressCache cache = KompressCache.create(KompressConfig.builder()
                 .primary(redis.primary().host(), redis.primary().port())
                 .replica("127.0.0.1", toFirst.port()).replica("127.0.0.1", toSecond.port())
                 .timeout(Duration.ofSeconds(2)).build())) {
            ExecutorService readers = Executors.newFixedThreadPool(READERS);
            for (int i = 0; i < 100; i++) {
                cache.hset("slow", Integer.toString(i), "{\"id\":" + i + "}");
            }
            redis.awaitReplication();
            RedisProcess slow = redis.replica(0);
            read(cache, readers, 200);

            toFirst.delay(50);
            read(cache, readers, 20); // the slow replica's first late replies teach the client
            long slowBefore = slow.commandCalls("hmget");
            long fastBefore = redis.replica(1).commandCalls("hmget");
            long started = System.nanoTime();
            do { // at least 3 s, so that the measuring reads (one a second) are part of what is counted
                read(cache, readers, 250);
            } while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3));
            double seconds = (System.nanoTime() - started) / 1e9;
            long toSlow = slow.commandCalls("hmget") - slowBefore;
            long toFast = redis.replica(1).commandCalls("hmget") - fastBefore;
            double share = (double) toSlow / (toSlow + toFast);
            System.out.printf("Slow replica: %d of %d reads (%.1f %%) over %.1f s while 50 ms late%n",
                toSlow, toSlow + toFast, share * 100, seconds);
            assertTrue(share <= 0.01, "at most 1 % of reads paid the 50 ms, so read p99 is the healthy one; got "
                + toSlow + " of " + (toSlow + toFast));
            assertTrue(toSlow <= READERS * (long) Math.ceil(seconds + 1),
                "only measuring reads, about one a second: " + toSlow + " in " + seconds + " s");

            toFirst.delay(0);
            long healed = System.nanoTime();
            double recovered = -1;
            while (System.nanoTime() - healed < TimeUnit.SECONDS.toNanos(60)) {
                long s0 = slow.commandCalls("hmget");
                long f0 = redis.replica(1).commandCalls("hmget");
                read(cache, readers, 100);
                long s = slow.commandCalls("hmget") - s0;
                long f = redis.replica(1).commandCalls("hmget") - f0;
                if (s >= 0.25 * (s + f)) {
                    recovered = (System.nanoTime() - healed) / 1e9;
                    break;
                }
            }
            System.out.printf("Slow replica: share back (>= 25 %% of a batch) %.1f s after the delay ended%n",
                recovered);
            assertTrue(recovered >= 0, "the replica got its share back");
            assertEquals(0, cache.stats().count(Counter.REPLICA_FAILOVERS), "slow is not down: nothing failed over");
            readers.shutdown();
        }
    }

    /** {@code perReader} hits from each of the reader threads; every one must return the stored value. */
    private static void read(KompressCache cache, ExecutorService readers, int perReader) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < READERS; t++) {
            int offset = t;
            done.add(readers.submit(() -> {
                for (int i = 0; i < perReader; i++) {
                    int id = (i * READERS + offset) % 100;
                    assertEquals(id, cache.hgetL("slow", Integer.toString(id), () -> new Item(-1), ITEM,
                        CachePolicy.none()).id());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(5, TimeUnit.MINUTES);
        }
    }
}
