package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.testing.RedisGroup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * What lands in the {@code kompress_cache} log: one WARN per outage and one INFO per recovery, DEBUG lines per
 * operation, and never a cached value. slf4j-simple (test scope, level DEBUG for kompress_cache) writes to
 * System.err, which the test captures.
 */
class LoggingTest {

    record Secret(String token) {
    }

    private static final String VALUE = "tok-3f9a-super-secret";

    @Test
    void outageLogsOneWarnAndOneInfoAndNoValueEverAppears() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (RedisGroup redis = RedisGroup.start(1)) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try (KompressCache cache = TestCaches.create(redis, Duration.ofMillis(300))) {
                cache.hgetL("secrets", "s1", () -> new Secret(VALUE), Secret.class); // miss + store
                redis.awaitReplication();
                cache.hgetL("secrets", "s1", () -> new Secret("unused"), Secret.class); // hit
                redis.replica(0).pause();
                redis.primary().pause();
                for (int i = 0; i < 5; i++) {
                    cache.hgetL("secrets", "s1", () -> new Secret(VALUE), Secret.class); // fail-open
                }
                redis.primary().resume();
                redis.replica(0).resume();
                TestCaches.eventually(() -> cache.hset("probe", "f", "v"), Duration.ofSeconds(2));
                cache.hgetL("secrets", "s1", () -> new Secret(VALUE), Secret.class);
            }
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        original.print(log);
        assertFalse(log.contains(VALUE), "a cached value reached the log");
        assertEquals(1, count(log, "WARN kompress_cache - Redis reads failing"), log);
        assertEquals(1, count(log, "INFO kompress_cache - Redis reads recovered"), log);
        assertEquals(1, count(log, "WARN kompress_cache - Redis primary"), log);
        assertTrue(log.contains("DEBUG kompress_cache - HMGET secrets on replica"), log);
        assertTrue(log.contains("secrets s1: hit"), log);
        assertTrue(log.contains("secrets s1: miss"), log);
    }

    private static long count(String log, String needle) {
        return Arrays.stream(log.split("\n")).filter(l -> l.contains(needle)).count();
    }
}
