package io.kompress.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.StandaloneOptions;
import io.kompress.testing.FreePorts;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** The demo's guided tour against its own local Redis, checked row by row. */
class WalkthroughTest {

    @Test
    void tourShowsMissHitFailoverModelRefreshAndBothFailurePolicies() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RedisSetup redis = RedisSetup.fromEnvironment(Map.of())) {
            new Walkthrough(redis, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        List<String> rows = Arrays.stream(out.split("\n")).filter(l -> l.matches("^\\d+ .*")).toList();
        assertEquals(11, rows.size(), out);
        assertTrue(rows.get(0).contains("miss -> loaded from the database"), out);
        assertTrue(rows.get(1).contains("hit"), out);
        assertTrue(rows.get(2).contains("primary 0,"), "reads were served by replicas:\n" + out);
        assertTrue(rows.get(3).contains("10/10 correct"), out);
        assertTrue(rows.get(4).contains("miss -> loaded") && rows.get(4).contains("UserV2"), out);
        assertTrue(rows.get(5).contains("hit (UserV2)"), out);
        assertTrue(rows.get(6).contains("miss -> loaded"), out);
        assertTrue(rows.get(7).contains("hit (User)"), out);
        assertTrue(rows.get(8).contains("expired -> loaded from the database"), out);
        assertTrue(rows.get(9).contains("Redis down -> answered by the database"), out);
        assertTrue(rows.get(10).contains("CacheUnavailableException -> HTTP 503"), out);
        assertTrue(rows.get(10).trim().endsWith(" 5"), "exactly five database queries in the tour:\n" + out);
        assertTrue(out.contains("cache.stats(): hits=13 "), out);
        assertTrue(out.lines().anyMatch(l -> l.trim().startsWith("demo:recent") && l.contains("expired=1")), out);
    }

    @Test
    void onAConfiguredRedisEveryRunTellsTheSameStoryAndLeavesNoKeys() {
        try (RedisSetup local = RedisSetup.fromEnvironment(Map.of())) {
            var primary = local.local().orElseThrow().primary();
            Map<String, String> env = Map.of("REDIS_HOST", primary.host(),
                "REDIS_PORT", String.valueOf(primary.port()));
            List<String> first = tour(env);
            List<String> second = tour(env);
            assertEquals(first.size(), second.size());
            assertTrue(first.get(0).contains("miss -> loaded from the database"), String.join("\n", first));
            assertTrue(second.get(0).contains("miss -> loaded from the database"),
                "the second run starts from a miss too:\n" + String.join("\n", second));
            for (int i = 0; i < first.size(); i++) {
                assertEquals(outcome(first.get(i)), outcome(second.get(i)), "row " + (i + 1));
            }
            assertEquals(2, first.stream().filter(l -> l.contains("skipped: needs the demo's own local Redis"))
                .count());
            try (Jedis jedis = primary.connect()) {
                for (String key : RedisSetup.KEYS) {
                    assertFalse(jedis.exists(key), key + " left behind on the user's Redis");
                }
            }
        }
    }

    /** The tour's numbered rows on a configured Redis. */
    private static List<String> tour(Map<String, String> env) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (RedisSetup configured = RedisSetup.fromEnvironment(env)) {
            new Walkthrough(configured, new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("configured Redis"), out);
        return Arrays.stream(out.split("\n")).filter(l -> l.matches("^\\d+ .*")).toList();
    }

    /** A row without its timing: the step and what happened. */
    private static String outcome(String row) {
        return row.substring(0, Math.min(row.length(), 3 + 1 + 47 + 1 + 52)).trim();
    }

    @Test
    void anyRedisVariableSelectsTheUsersRedisNotJustRedisHost() {
        int port = FreePorts.next(); // nothing listens there: the cache connects lazily, and only to loopback
        try (RedisSetup configured = RedisSetup.fromEnvironment(Map.of("REDIS_PORT", String.valueOf(port)))) {
            assertTrue(configured.local().isEmpty(), "REDIS_PORT alone must not start a local Redis");
            assertTrue(configured.describe().startsWith("configured Redis"), configured.describe());
            assertEquals(port, ((StandaloneOptions) configured.cache().config().deployment()).primary().port());
        }
        for (String name : List.of("REDIS_TIMEOUT", "REDIS_SENTINELS", "REDIS_PASSWORD")) {
            assertTrue(RedisSetup.configuresRedis(Map.of(name, "x")), name);
        }
        assertFalse(RedisSetup.configuresRedis(Map.of("HOME", "/root", "KOMPRESS_POOL_SIZE", "4")));
    }
}
