package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.errors.CacheUnavailableException;
import io.kompress.cache.observability.NodeHealth;
import io.kompress.testing.FreePorts;
import io.kompress.testing.RedisGroup;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Start-up and health: {@code createChecked} reports an unreachable primary when the service starts, and
 * {@code health()} answers per node what a health endpoint needs, including why a node is out. Real Redis.
 */
class HealthTest {

    @Test
    void createCheckedFailsAtStartUpWhenThePrimaryDoesNotAnswer() {
        int nobody = FreePorts.next();
        KompressConfig config = KompressConfig.builder().primary("127.0.0.1", nobody)
            .timeout(Duration.ofMillis(500)).build();
        CacheUnavailableException e = assertThrows(CacheUnavailableException.class,
            () -> KompressCache.createChecked(config));
        assertTrue(e.getMessage().contains("127.0.0.1:" + nobody), e.getMessage());
        assertEquals(503, e.statusCode());
    }

    @Test
    void healthListsEveryNodeAndSaysWhyOneIsOut() {
        try (RedisGroup redis = RedisGroup.start(1);
             KompressCache cache = KompressCache.createChecked(TestCaches.configFor(redis, Duration.ofMillis(500))
                 .build())) {
            cache.hset("health", "a", "1");
            redis.awaitReplication();
            for (int i = 0; i < 20; i++) {
                assertEquals("1", cache.hget("health", "a"));
            }
            List<NodeHealth> nodes = cache.health();
            assertEquals(2, nodes.size());
            assertEquals("primary", nodes.get(0).role());
            assertEquals(redis.primary().address(), nodes.get(0).node());
            assertTrue(nodes.stream().allMatch(n -> n.reachable() && n.servingReads()), nodes.toString());
            assertTrue(nodes.stream().allMatch(n -> n.reason() == null));
            assertTrue(nodes.stream().anyMatch(n -> n.role().equals("replica") && n.latencyMicros() >= 0),
                "a replica that served reads has a latency: " + nodes);

            redis.replica(0).kill();
            assertEquals("1", cache.hget("health", "a")); // the read fails over; the dead replica leaves rotation
            NodeHealth dead = cache.health().stream().filter(n -> n.node().equals(redis.replica(0).address()))
                .findFirst().orElseThrow();
            assertFalse(dead.reachable(), dead.toString());
            assertFalse(dead.servingReads());
            assertTrue(dead.reason() != null && !dead.reason().isEmpty(), dead.toString());
            assertNull(cache.health().get(0).reason(), "the primary is fine");
        }
    }
}
