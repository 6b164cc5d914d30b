package io.kompress.aspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.KompressCache;
import io.kompress.testing.RedisGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * The woven {@code @HashCachedBatch} against a real primary and replica: one HMGET, the method body run once with
 * a reduced collection of the declared type holding only the missing ids, results merged in the caller's order.
 */
class HashCachedBatchTest {

    private static RedisGroup redis;
    private static KompressCache cache;
    private final BatchService service = new BatchService();

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(1);
        cache = TestCaches.installFor(redis);
    }

    @AfterAll
    static void stop() {
        TestCaches.uninstall(cache);
        redis.close();
    }

    @BeforeEach
    void clean() {
        try (Jedis j = redis.primary().connect()) {
            j.flushAll();
        }
        redis.awaitReplication();
    }

    private static List<Long> range(long from, long to) {
        return new ArrayList<>(LongStream.range(from, to).boxed().toList());
    }

    @Test
    void theBodyRunsOnceWithOnlyTheMissingIdsAndTheResultKeepsTheCallersOrder() {
        service.find(range(0, 50).stream().filter(i -> i % 2 == 0).toList());
        service.calls().clear();
        redis.awaitReplication();
        long reads = redis.replica(0).commandCalls("hmget");
        List<Long> ids = range(0, 50);
        java.util.Collections.reverse(ids);
        Map<Long, User> got = service.find(ids);
        assertEquals(ids, new ArrayList<>(got.keySet()));
        assertEquals(1, service.calls().size(), "the body ran once");
        assertEquals(ids.stream().filter(i -> i % 2 == 1).toList(), service.calls().get(0),
            "with a List of only the missing ids, in order");
        assertEquals(reads + 1, redis.replica(0).commandCalls("hmget"), "one HMGET for 50 ids");
        redis.awaitReplication();
        service.calls().clear();
        assertEquals(got, service.find(ids));
        assertTrue(service.calls().isEmpty(), "all hits: the body did not run");
    }

    @Test
    void duplicatesEmptyAndNullIds() {
        Map<Long, User> got = service.find(Arrays.asList(3L, 3L, 4L));
        assertEquals(List.of(3L, 4L), new ArrayList<>(got.keySet()));
        assertEquals(List.of(3L, 4L), service.calls().get(0));
        service.calls().clear();
        assertTrue(service.find(List.of()).isEmpty());
        assertTrue(service.calls().isEmpty(), "an empty collection does not run the body");
        assertThrows(IllegalArgumentException.class, () -> service.find(Arrays.asList(1L, null)));
        assertThrows(IllegalArgumentException.class, () -> service.find(null));
    }

    @Test
    void idsTheBodyDoesNotReturnAreAbsentAndCachedAsNullWhenAsked() {
        Set<String> names = new LinkedHashSet<>(List.of("ann", "ghost1", "bob"));
        Map<String, User> got = service.byName("eu", names);
        assertEquals(List.of("ann", "bob"), new ArrayList<>(got.keySet()));
        assertTrue(service.calls().get(0) instanceof Set, "the declared collection type: a Set");
        service.calls().clear();
        assertEquals(got, service.byName("eu", names));
        assertTrue(service.calls().isEmpty(), "the ghost was cached as null (cacheNulls)");
        try (Jedis j = redis.primary().connect()) {
            assertEquals("null", j.hget("tenants:eu", "ghost1"));
        }
        assertEquals(List.of(-1L).size() - 1, service.find(List.of(-1L)).size());
    }
}
