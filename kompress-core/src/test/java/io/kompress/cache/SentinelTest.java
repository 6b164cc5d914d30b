package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.testing.RedisGroup;
import io.kompress.testing.RedisProcess;
import io.kompress.testing.RedisSentinels;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Sentinel mode against 1 primary, 2 replicas and 3 real Sentinels: discovery, replica reads, and a failover
 * under read/write load with the old primary coming back afterwards.
 */
class SentinelTest {

    private static final String MASTER = "kompress-test";

    record Note(String text) {
    }

    private static final CacheModel<Note> NOTE = CacheModel.of(Note.class);

    private static Map<String, String> env(RedisSentinels sentinels) {
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_SENTINELS", sentinels.hostPorts());
        env.put("REDIS_SENTINEL_MASTER", MASTER);
        env.put("REDIS_TIMEOUT", "0.5");
        return env;
    }

    @Test
    void discoversThePrimaryAndReadsFromTheReplicas() throws Exception {
        try (RedisGroup group = RedisGroup.start(2);
             RedisSentinels sentinels = RedisSentinels.start(group, MASTER, 3);
             KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env(sentinels)))) {
            assertEquals("v", cache.hgetL("s", "f", () -> "v"));
            assertEquals(1, group.primary().commandCalls("hset"), "written to the primary Sentinel reported");
            group.awaitReplication();
            long replicaReads = group.replica(0).commandCalls("hmget") + group.replica(1).commandCalls("hmget");
            for (int i = 0; i < 10; i++) {
                assertEquals("v", cache.hgetL("s", "f", () -> "loader must not run"));
            }
            assertEquals(replicaReads + 10, group.replica(0).commandCalls("hmget")
                + group.replica(1).commandCalls("hmget"), "hits come from the replicas");
        }
    }

    @Test
    void unknownMasterNameFailsCallsWith503AndSaysWhy() throws Exception {
        try (RedisGroup group = RedisGroup.start(0);
             RedisSentinels sentinels = RedisSentinels.start(group, MASTER, 1)) {
            Map<String, String> env = env(sentinels);
            env.put("REDIS_SENTINEL_MASTER", "no-such-master");
            try (KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env))) {
                CacheUnavailableException e = org.junit.jupiter.api.Assertions.assertThrows(
                    CacheUnavailableException.class, () -> cache.hset("k", "f", "v"));
                assertTrue(e.getMessage().contains("no primary known yet"), e.getMessage());
                assertEquals("x", cache.hgetL("k", "f", () -> "x"), "fail-open still answers");
            }
        }
    }

    @Test
    void failoverUnderLoadLosesNoWriteAcknowledgedAfterThePromotionAndReturnsNoWrongValue() throws Exception {
        try (RedisGroup group = RedisGroup.start(2);
             RedisSentinels sentinels = RedisSentinels.start(group, MASTER, 3);
             KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env(sentinels)))) {
            Map<String, Long> acked = new ConcurrentHashMap<>();
            AtomicLong wrong = new AtomicLong();
            AtomicLong failedWrites = new AtomicLong();
            AtomicLong firstFailure = new AtomicLong();
            AtomicLong firstSuccessAfterFailure = new AtomicLong();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int id = t;
                threads.add(new Thread(() -> {
                    for (long i = 0; running.get(); i++) {
                        String field = id + ":" + i;
                        try {
                            cache.hset("writes", field, field);
                            long now = System.nanoTime();
                            acked.put(field, now);
                            if (firstFailure.get() != 0) {
                                firstSuccessAfterFailure.compareAndSet(0, now);
                            }
                        } catch (KompressCacheException e) {
                            failedWrites.incrementAndGet();
                            firstFailure.compareAndSet(0, System.nanoTime());
                        }
                        String readField = String.valueOf(i % 100);
                        String expected = "value-" + readField;
                        if (!expected.equals(cache.hgetL("reads", readField, () -> expected))) {
                            wrong.incrementAndGet();
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            await(() -> acked.size() >= 100, "writes acknowledged before the fault");
            RedisProcess oldPrimary = group.primary();
            long pausedAt = System.nanoTime();
            oldPrimary.pause();
            awaitNewPrimary(sentinels, oldPrimary, 30_000);
            long promotedAt = System.nanoTime();
            await(() -> firstSuccessAfterFailure.get() != 0, "writes succeeding on the new primary");
            oldPrimary.resume(); // comes back believing it is the primary until Sentinel demotes it
            await(() -> isReplica(oldPrimary), "Sentinel demoting the old primary");
            long switched = firstSuccessAfterFailure.get();
            await(() -> acked.values().stream().filter(at -> at >= switched).count() > 200,
                "writes acknowledged after the switch and the demotion");
            running.set(false);
            for (Thread t : threads) {
                t.join(10_000);
            }

            String newPrimary = sentinels.primaryAddress();
            long afterSwitch = firstSuccessAfterFailure.get();
            assertTrue(afterSwitch > 0, "writes never succeeded again");
            Map<String, String> stored;
            try (Jedis j = new Jedis(newPrimary.split(":")[0], Integer.parseInt(newPrimary.split(":")[1]))) {
                stored = j.hgetAll("writes");
            }
            long ackedAfter = acked.values().stream().filter(at -> at >= afterSwitch).count();
            long lostAfter = acked.entrySet().stream()
                .filter(e -> e.getValue() >= afterSwitch && !stored.containsKey(e.getKey())).count();
            long lostBefore = acked.entrySet().stream()
                .filter(e -> e.getValue() < pausedAt && !stored.containsKey(e.getKey())).count();
            System.out.printf("Sentinel failover: writes failed for %d ms after SIGSTOP of the primary "
                    + "(Sentinel promoted a replica after %d ms); %d writes failed; %d acknowledged after the "
                    + "switch, %d of them lost; %d acknowledged before the pause lost (asynchronous replication); "
                    + "%d wrong values%n",
                (afterSwitch - pausedAt) / 1_000_000, (promotedAt - pausedAt) / 1_000_000, failedWrites.get(),
                ackedAfter, lostAfter, lostBefore, wrong.get());
            assertEquals(0, wrong.get(), "wrong values read");
            assertEquals(0, lostAfter, "writes acknowledged after the promotion were lost");
            assertTrue(ackedAfter > 100, "too few writes after the switch to prove anything: " + ackedAfter);
            assertTrue((afterSwitch - pausedAt) / 1_000_000 < 15_000, "writes resumed too late");
            assertTrue(isReplica(oldPrimary), "the old primary was demoted");

        }
    }

    @Test
    void aFailoverEmptiesTheNearCacheAndWritesToTheNewPrimaryAreSeen() throws Exception {
        try (RedisGroup group = RedisGroup.start(2);
             RedisSentinels sentinels = RedisSentinels.start(group, MASTER, 3);
             KompressCache cache = KompressCache.create(KompressConfig.fromEnv(env(sentinels)))) {
            CachePolicy near = CachePolicy.builder().nearCache().failurePolicy(FailurePolicy.THROW).build();
            Loadable<Note> never = () -> {
                throw new IllegalStateException("loader must not run");
            };
            cache.hgetL("near", "f", () -> new Note("v1"), NOTE, near);
            group.awaitReplication();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (cache.stats().count(Counter.NEAR_HITS) == 0 && System.nanoTime() < deadline) {
                cache.hgetL("near", "f", never, NOTE, near);
            }
            assertTrue(cache.stats().count(Counter.NEAR_HITS) > 0, "warm");
            long flushes = cache.stats().count(Counter.NEAR_FLUSHES);
            RedisProcess oldPrimary = group.primary();
            oldPrimary.pause();
            awaitNewPrimary(sentinels, oldPrimary, 30_000);
            String address = sentinels.primaryAddress();
            try (Jedis j = new Jedis(address.split(":")[0], Integer.parseInt(address.split(":")[1]))) {
                j.hset("near", "f", "{\"text\":\"v2\"}"); // another client, on the promoted node
            }
            deadline = System.nanoTime() + 20_000_000_000L;
            String seen = "v1";
            while (!"v2".equals(seen) && System.nanoTime() < deadline) {
                try {
                    seen = cache.hgetL("near", "f", never, NOTE, near).text();
                } catch (KompressCacheException e) {
                    Thread.sleep(20); // failing over: no node serves the read yet
                }
            }
            oldPrimary.resume();
            assertEquals("v2", seen, "the new primary's value after the failover");
            assertTrue(cache.stats().count(Counter.NEAR_FLUSHES) > flushes, "the switch emptied the near cache");
        }
    }


    /** Polls a real process's state until {@code condition} holds; 60 s bounds a starved machine. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "no " + what + " within 60 s");
            Thread.sleep(20); // polling for an outcome; no timing is asserted
        }
    }

    private static void awaitNewPrimary(RedisSentinels sentinels, RedisProcess old, long timeoutMs)
        throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (sentinels.primaryAddress().equals(old.address())) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("Sentinel did not promote a replica within " + timeoutMs + " ms");
            }
            Thread.sleep(50);
        }
    }

    /**
     * Whether the node reports itself a replica. Sentinel closes every client of a node it reconfigures (CLIENT KILL
     * TYPE normal), so a connection reset while it does so means "not yet".
     */
    private static boolean isReplica(RedisProcess node) {
        try {
            return node.info("replication").contains("role:slave");
        } catch (JedisConnectionException e) {
            return false;
        }
    }
}
