package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.config.ReplicaReads;
import io.kompress.cache.observability.CacheStats.Counter;
import io.kompress.cache.observability.CacheStats;
import io.kompress.testing.RedisGroup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** Where commands go on a healthy primary with two replicas, proven with each node's INFO commandstats. */
class RoutingTest {

    private static RedisGroup redis;
    private static KompressCache cache;

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(2);
        cache = TestCaches.create(redis, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        if (cache != null) {
            cache.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void readsAreServedByTheReplicasAndWithRandomSelectionSpreadAcrossThem() {
        cache.hset("routing", "a", "1");
        redis.awaitReplication();
        try (KompressCache random = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2))
            .replicaReads(ReplicaReads.of(ReplicaReads.Selection.RANDOM)).build())) {
            for (KompressCache c : List.of(cache, random)) {
                long primaryBefore = redis.primary().commandCalls("hget");
                long r0Before = redis.replica(0).commandCalls("hget");
                long r1Before = redis.replica(1).commandCalls("hget");
                for (int i = 0; i < 200; i++) {
                    assertEquals("1", c.hget("routing", "a"));
                }
                long onPrimary = redis.primary().commandCalls("hget") - primaryBefore;
                long onR0 = redis.replica(0).commandCalls("hget") - r0Before;
                long onR1 = redis.replica(1).commandCalls("hget") - r1Before;
                assertEquals(0, onPrimary);
                assertEquals(200, onR0 + onR1);
                if (c == random) { // lowest latency spreads over time, not within 200 quick reads: ReplicaChooserTest
                    assertTrue(onR0 > 40 && onR1 > 40, "reads not spread: " + onR0 + " / " + onR1);
                }
            }
        }
    }

    @Test
    void writesGoToThePrimaryOnly() {
        long before = redis.primary().commandCalls("hset");
        assertEquals(1, cache.hset("routing", "w", "x"));
        assertEquals(0, cache.hset("routing", "w", "y"));
        // Replicas are read-only (a misrouted write would fail with READONLY), and they count the HSETs
        // they apply from the replication stream, so the proof is on the primary: exactly our two calls.
        assertEquals(before + 2, redis.primary().commandCalls("hset"));
        redis.awaitReplication();
        assertEquals("y", cache.hget("routing", "w"));
        assertEquals(1, cache.hdel("routing", "w", "absent"));
        redis.awaitReplication();
        assertNull(cache.hget("routing", "w"));
    }

    @Test
    void missingFieldIsNull() {
        assertNull(cache.hget("routing", "never-written"));
    }

    @Test
    void escapeHatchRunsAnyCommandOnTheRightNode() {
        cache.onPrimary("routing:bulk", r -> r.hset("routing:bulk", Map.of("k1", "v1", "k2", "v2")));
        redis.awaitReplication();
        long primaryBefore = redis.primary().commandCalls("hgetall");
        Map<String, String> all = cache.onReplica("routing:bulk", r -> r.hgetAll("routing:bulk"));
        assertEquals(Map.of("k1", "v1", "k2", "v2"), all);
        assertEquals(primaryBefore, redis.primary().commandCalls("hgetall"));
        long onReplicas = redis.replicas().stream().mapToLong(r -> r.commandCalls("hgetall")).sum();
        assertTrue(onReplicas >= 1);
    }

    @Test
    void keyedEscapeHatchRunsOnTheSameNodesAndCountsUnderItsKey() {
        long written = cache.onPrimary("routing:keyed", r -> r.hset("routing:keyed", "k", "v"));
        assertEquals(1, written);
        redis.awaitReplication();
        long primaryBefore = redis.primary().commandCalls("hlen");
        assertEquals(1L, (long) cache.onReplica("routing:keyed", r -> r.hlen("routing:keyed")));
        assertEquals(primaryBefore, redis.primary().commandCalls("hlen"), "the read went to a replica");
        CacheStats keyed = cache.stats().byKey().get("routing:keyed");
        assertEquals(1, keyed.count(Counter.PRIMARY_CALLS));
        assertEquals(1, keyed.count(Counter.REPLICA_CALLS));
    }

    @Test
    void withoutReplicasThePrimaryServesReads() {
        KompressConfig config = TestCaches.configFor(redis, Duration.ofSeconds(2)).noReplicas().build();
        try (KompressCache primaryOnly = KompressCache.create(config)) {
            primaryOnly.hset("routing", "p", "v");
            long before = redis.primary().commandCalls("hget");
            assertEquals("v", primaryOnly.hget("routing", "p"));
            assertEquals(before + 1, redis.primary().commandCalls("hget"));
        }
    }

    @Test
    void valuesWithUnicodeAndSeparatorsRoundTrip() {
        for (String field : List.of("with space", "a:b:c", "ünïcödé-🔑", "tab\there")) {
            cache.hset("routing:odd keys ✓", field, "value for " + field);
        }
        redis.awaitReplication();
        for (String field : List.of("with space", "a:b:c", "ünïcödé-🔑", "tab\there")) {
            assertEquals("value for " + field, cache.hget("routing:odd keys ✓", field));
        }
        try (Jedis j = redis.primary().connect()) {
            assertEquals(4, j.hlen("routing:odd keys ✓"));
        }
    }
}
