package io.kompress.aspect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kompress.cache.KompressCache;
import io.kompress.testing.RedisGroup;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** {@code @HashEvict} deletes the entry after a normal return only. */
class HashEvictTest {

    private static RedisGroup redis;
    private static KompressCache cache;
    private final UserService service = new UserService();

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(0);
        cache = TestCaches.installFor(redis);
    }

    @AfterAll
    static void stop() {
        TestCaches.uninstall(cache);
        redis.close();
    }

    private String stored(String field) {
        try (Jedis j = redis.primary().connect()) {
            return j.hget("users", field);
        }
    }

    @Test
    void normalReturnDeletesTheEntrySoTheNextReadReloads() {
        User u = service.find(21);
        assertNotNull(stored("21"));
        service.save(u);
        assertNull(stored("21"));
        int before = UserService.calls("find");
        service.find(21);
        assertEquals(before + 1, UserService.calls("find"));
    }

    @Test
    void exceptionLeavesTheEntryInPlace() {
        service.find(22);
        assertThrows(IllegalStateException.class, () -> service.saveAndFail(22));
        assertNotNull(stored("22"));
    }
}
