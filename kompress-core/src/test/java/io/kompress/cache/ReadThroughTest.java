package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kompress.annotations.OptionalField;
import io.kompress.testing.RedisGroup;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/** {@code hgetL} against a real primary and replica: hits, misses, invalid entries and loader outcomes. */
class ReadThroughTest {

    record User(long id, @NotBlank String name, @Email String email) {
    }

    /** The same model after a release added a required field. */
    record UserWithRole(long id, String name, String email, String role) {
    }

    /** The same model after a release added an optional field. */
    record UserWithNickname(long id, String name, String email, @OptionalField String nickname) {
    }

    private static RedisGroup redis;
    private static KompressCache cache;
    private final AtomicInteger loads = new AtomicInteger();
    private String key;

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(1);
        cache = TestCaches.create(redis, Duration.ofSeconds(2));
    }

    @AfterAll
    static void stop() {
        cache.close();
        redis.close();
    }

    @BeforeEach
    void freshKey(TestInfo info) {
        key = "rt:" + info.getDisplayName();
    }

    private User loadAlice() {
        loads.incrementAndGet();
        return new User(1, "Alice", "alice@example.com");
    }

    private String stored(String field) {
        try (Jedis j = redis.primary().connect()) {
            return j.hget(key, field);
        }
    }

    private void store(String field, String raw) {
        try (Jedis j = redis.primary().connect()) {
            j.hset(key, field, raw);
        }
        redis.awaitReplication();
    }

    @Test
    void missCallsTheLoaderAndStoresPlainJsonOnThePrimary() {
        assertEquals(new User(1, "Alice", "alice@example.com"), cache.hgetL(key, "1", this::loadAlice, User.class));
        assertEquals(1, loads.get());
        assertEquals("{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\"}", stored("1"));
    }

    @Test
    void hitReturnsTheCachedValueWithoutCallingTheLoader() {
        cache.hgetL(key, "1", this::loadAlice, User.class);
        redis.awaitReplication();
        long replicaReads = redis.replica(0).commandCalls("hmget");
        for (int i = 0; i < 5; i++) {
            assertEquals("Alice", cache.hgetL(key, "1", this::loadAlice, User.class).name());
        }
        assertEquals(1, loads.get());
        assertEquals(replicaReads + 5, redis.replica(0).commandCalls("hmget"), "hits are read from the replica");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "garbage",
        "{\"id\":1,\"name\":\"Alice\"}",
        "{\"id\":\"one\",\"name\":\"Alice\",\"email\":\"alice@example.com\"}",
        "{\"id\":1,\"name\":\"\",\"email\":\"alice@example.com\"}",
        "{\"id\":1,\"name\":\"Alice\",\"email\":\"not an email\"}",
        "null",
        "[1,2,3]",
    })
    void invalidEntryIsReloadedAndOverwritten(String raw) {
        store("1", raw);
        assertEquals("Alice", cache.hgetL(key, "1", this::loadAlice, User.class).name());
        assertEquals(1, loads.get());
        assertEquals("{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\"}", stored("1"));
    }

    @Test
    void addingARequiredFieldToTheModelRefreshesOldEntriesByItself() {
        cache.hgetL(key, "1", this::loadAlice, User.class);
        redis.awaitReplication();
        UserWithRole upgraded = cache.hgetL(key, "1", () -> new UserWithRole(1, "Alice", "a@x.io", "admin"),
            UserWithRole.class);
        assertEquals("admin", upgraded.role());
        assertEquals("{\"id\":1,\"name\":\"Alice\",\"email\":\"a@x.io\",\"role\":\"admin\"}", stored("1"));
    }

    @Test
    void addingAnOptionalFieldKeepsOldEntriesAsHits() {
        cache.hgetL(key, "1", this::loadAlice, User.class);
        redis.awaitReplication();
        UserWithNickname u = cache.hgetL(key, "1", () -> {
            throw new AssertionError("must be a hit");
        }, UserWithNickname.class);
        assertNull(u.nickname());
    }

    @Test
    void loaderReturningNullReturnsNullAndStoresNothing() {
        assertNull(cache.hgetL(key, "absent", () -> null, User.class));
        assertNull(stored("absent"));
    }

    @Test
    void loaderExceptionPropagatesUnchangedAndStoresNothing() {
        IOException thrown = new IOException("database down");
        IOException e = assertThrows(IOException.class, () -> cache.hgetL(key, "1", () -> {
            throw thrown;
        }, User.class));
        assertSame(thrown, e);
        IllegalStateException runtime = new IllegalStateException("bug");
        assertSame(runtime, assertThrows(IllegalStateException.class, () -> cache.hgetL(key, "1", () -> {
            throw runtime;
        }, User.class)));
        assertNull(stored("1"));
    }

    @Test
    void loadedValueThatFailsValidationIsReturnedButNotCached() {
        User bad = new User(2, "", "bob@example.com");
        assertSame(bad, cache.hgetL(key, "2", () -> bad, User.class));
        assertNull(stored("2"));
    }

    @Test
    void rawStringReadThroughStoresTheLoadedStringAsIs() {
        assertEquals("plain text, not JSON", cache.hgetL(key, "raw", () -> "plain text, not JSON"));
        redis.awaitReplication();
        assertEquals("plain text, not JSON", cache.hgetL(key, "raw", () -> "other"));
        assertEquals("plain text, not JSON", stored("raw"));
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertThrows(IllegalArgumentException.class, () -> cache.hgetL(null, "f", this::loadAlice, User.class));
        assertThrows(IllegalArgumentException.class, () -> cache.hgetL("", "f", this::loadAlice, User.class));
        assertThrows(IllegalArgumentException.class, () -> cache.hgetL(key, "", this::loadAlice, User.class));
        assertThrows(NullPointerException.class, () -> cache.hgetL(key, "f", null, User.class));
        assertThrows(IllegalArgumentException.class, () -> cache.hdel(key));
        assertThrows(NullPointerException.class, () -> cache.hset(key, "f", null));
    }
}
