package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.ClusterOptions;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.RedisEndpoint;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.engine.Entries;
import io.kompress.testing.MutableClock;
import io.kompress.testing.RedisCluster;
import io.kompress.testing.RedisProcess;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Cluster mode against 3 masters and 3 replicas created with {@code redis-cli --cluster create}. The failover
 * test runs last: it changes which nodes are masters.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterTest {

    private static RedisCluster cluster;

    @BeforeAll
    static void start() {
        Assumptions.assumeTrue(RedisCluster.cliAvailable(),
            "redis-cli not found beside the redis-server binary nor on PATH: cannot create a cluster "
                + "(Debian: apt-get install redis-tools); Cluster tests skipped");
        cluster = RedisCluster.start(3);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static KompressCache create(boolean replicaReads) {
        Map<String, String> env = new HashMap<>();
        env.put("REDIS_CLUSTER_NODES", cluster.nodes().get(0).address());
        env.put("REDIS_CLUSTER_READ_FROM_REPLICAS", String.valueOf(replicaReads));
        env.put("REDIS_TIMEOUT", "0.5");
        return KompressCache.create(KompressConfig.fromEnv(env));
    }

    /** A cache built in code, its expiry decisions on {@code clock}. */
    private static KompressCache create(boolean replicaReads, Clock clock) {
        return KompressCache.create(KompressConfig.builder().timeout(Duration.ofMillis(500)).clock(clock)
            .cluster(ClusterOptions.builder().seed(RedisEndpoint.parse(cluster.nodes().get(0).address()))
                .readFromReplicas(replicaReads).build()).build());
    }

    private static long hgets(List<RedisProcess> nodes) {
        return nodes.stream().mapToLong(n -> n.commandCalls("hmget")).sum();
    }

    @Test
    void hitsAndMissesAcrossSlotsWithReplicaReads() throws Exception {
        AtomicInteger loads = new AtomicInteger();
        try (KompressCache cache = create(true)) {
            for (int k = 0; k < 30; k++) {
                String key = "users:" + k; // spread over the three shards
                assertEquals("v" + k, cache.hgetL(key, "f", () -> {
                    loads.incrementAndGet();
                    return "v" + key.substring(6);
                }));
            }
            assertEquals(30, loads.get());
            for (RedisProcess master : cluster.byRole(true)) {
                assertTrue(master.commandCalls("hset") > 0, master + " took no write: keys not spread");
            }
            cluster.awaitReplication();
            List<RedisProcess> masters = cluster.byRole(true);
            List<RedisProcess> replicas = cluster.byRole(false);
            long masterReads = hgets(masters);
            long replicaReads = hgets(replicas);
            for (int k = 0; k < 30; k++) {
                assertEquals("v" + k, cache.hgetL("users:" + k, "f", () -> "loader must not run"));
            }
            assertEquals(masterReads, hgets(masters), "no hit read from a master");
            assertEquals(replicaReads + 30, hgets(replicas), "every hit read from a replica (READONLY)");
        }
    }

    @Test
    void aBatchOfOneHashIsOneHmgetOnItsShardAndTheLoaderRunsOnce() throws Exception {
        try (KompressCache cache = create(true)) {
            List<String> ids = java.util.stream.IntStream.range(0, 30).mapToObj(String::valueOf).toList();
            AtomicInteger calls = new AtomicInteger();
            BulkLoadable<String> loader = fields -> {
                calls.incrementAndGet();
                Map<String, String> out = new HashMap<>();
                fields.forEach(f -> out.put(f, "v" + f));
                return out;
            };
            assertEquals(30, cache.hmgetL("batch:users", ids, loader, CacheModel.of(String.class),
                CachePolicy.none()).size());
            cluster.awaitReplication();
            long reads = hgets(cluster.nodes());
            Map<String, String> again = cache.hmgetL("batch:users", ids, loader, CacheModel.of(String.class),
                CachePolicy.none());
            assertEquals("v7", again.get("7"));
            assertEquals(1, calls.get(), "all hits the second time");
            assertEquals(reads + 1, hgets(cluster.nodes()), "one HMGET, on the shard of the key");
        }
    }

    @Test
    void withoutReplicaReadsTheMastersServeReadsAndHashTagsShareAShard() {
        try (KompressCache cache = create(false)) {
            cache.hset("users:{eu}", "f", "v");
            cache.hset("teams:{eu}", "f", "w");
            assertEquals(cluster.masterOf("users:{eu}"), cluster.masterOf("teams:{eu}"), "one slot by hash tag");
            List<RedisProcess> replicas = cluster.byRole(false);
            long replicaReads = hgets(replicas);
            assertEquals("v", cache.hget("users:{eu}", "f"));
            assertEquals("w", cache.hget("teams:{eu}", "f"));
            assertEquals(replicaReads, hgets(replicas), "no read went to a replica");
        }
    }

    @Test
    void keyedEscapeHatchRunsOnTheKeysShardAndKeylessCallsAreRefused() {
        try (KompressCache cache = create(true)) {
            for (int k = 0; k < 12; k++) {
                String key = "hatch:" + k; // spread over the three shards
                long by = k + 1L;
                long before = cluster.masterOf(key).commandCalls("hincrby");
                assertEquals(by, (long) cache.onPrimary(key, r -> r.hincrBy(key, "n", by)));
                assertEquals(before + 1, cluster.masterOf(key).commandCalls("hincrby"), "on the slot's master");
            }
            cluster.awaitReplication();
            long masterReads = cluster.byRole(true).stream().mapToLong(n -> n.commandCalls("hget")).sum();
            for (int k = 0; k < 12; k++) {
                String key = "hatch:" + k;
                assertEquals(String.valueOf(k + 1), cache.onReplica(key, r -> r.hget(key, "n")));
            }
            assertEquals(masterReads, cluster.byRole(true).stream().mapToLong(n -> n.commandCalls("hget")).sum(),
                "keyed reads went to the slots' replicas");
        }
    }

    record Item(String name) {
    }

    @Test
    void ttlEntriesAndTheCrossJvmLockWorkAcrossShards() throws Exception {
        // Lease and wait far beyond any CPU starvation: a waiter whose wait ran out would load on its own (as it
        // should), which is not what this counts. The wait ends when the holder delivers, so it costs nothing here.
        CachePolicy policy = CachePolicy.builder().ttl(Duration.ofMillis(300))
            .distributedSingleFlight(Duration.ofSeconds(60), Duration.ofSeconds(60)).build();
        CacheModel<Item> model = CacheModel.of(Item.class);
        AtomicInteger loads = new AtomicInteger();
        java.util.Queue<Object> got = new java.util.concurrent.ConcurrentLinkedQueue<>();
        MutableClock clock = new MutableClock(System.currentTimeMillis());
        try (KompressCache a = create(true, clock); KompressCache b = create(true, clock)) {
            for (int k = 0; k < 12; k++) {
                String key = "policy:" + k; // spread over the three shards
                List<Thread> threads = new java.util.ArrayList<>();
                for (KompressCache c : List.of(a, b, a, b)) {
                    Thread t = new Thread(() -> {
                        try {
                            got.add(c.hgetL(key, "f", () -> {
                                loads.incrementAndGet();
                                Thread.sleep(100);
                                return new Item(key);
                            }, model, policy).name().equals(key));
                        } catch (RuntimeException e) {
                            got.add(e);
                        }
                    });
                    t.start();
                    threads.add(t);
                }
                for (Thread t : threads) {
                    t.join();
                }
                try (var j = cluster.masterOf(key).connect()) {
                    assertTrue(j.hexists(key, Entries.EXPIRY_PREFIX + "f"), "expiry field beside the value");
                }
            }
            assertEquals(12, loads.get(), "one load per key across both caches");
            assertEquals(48, got.stream().filter(Boolean.TRUE::equals).count(), got.toString());
            clock.advance(350);
            assertEquals(new Item("fresh"), a.hgetL("policy:0", "f", () -> new Item("fresh"), model, policy),
                "expired on its shard");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void killedMasterIsReplacedByItsReplicaAndTheCacheKeepsWorking() throws Exception {
        try (KompressCache cache = create(true)) {
            String key = "failover:1";
            cache.hset(key, "f", "before");
            RedisProcess master = cluster.masterOf(key);
            long killedAt = System.nanoTime();
            master.kill();
            long deadline = killedAt + Duration.ofSeconds(20).toNanos();
            while (true) {
                try {
                    cache.hset(key, "f", "after");
                    break;
                } catch (KompressCacheException e) {
                    assertTrue(System.nanoTime() < deadline, "writes did not resume: " + e.getMessage());
                    Thread.sleep(20);
                }
            }
            long resumedMs = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.println("Cluster failover: writes to the killed master's slots resumed after " + resumedMs
                + " ms (cluster-node-timeout 1000 ms)");
            assertEquals("after", cache.hgetL(key, "f", () -> "loader must not run"));
            assertEquals("x", cache.hgetL("failover:other", "g", () -> "x"));
            master.restart(); // rejoins as a replica of the promoted node
            cluster.awaitOk();
        }
    }
}
