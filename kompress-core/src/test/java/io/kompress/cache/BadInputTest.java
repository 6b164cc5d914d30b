package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.errors.InvalidValueException;
import io.kompress.testing.RedisGroup;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * Hostile keys, fields and cached values against a real primary and replica: each gets a clear error or a safe
 * treatment (the loader answers and the entry is repaired), never a crash, a hang or a wrong value.
 */
class BadInputTest {

    record User(long id, @NotBlank String name, @Email String email) {
    }

    private static final User ALICE = new User(1, "Alice", "alice@example.com");
    private static final String ALICE_JSON = "{\"id\":1,\"name\":\"Alice\",\"email\":\"alice@example.com\"}";
    private static final int SMALL_LIMIT = 1024;

    private static RedisGroup redis;
    private static KompressCache cache;
    private static KompressCache smallLimit;
    private final AtomicInteger loads = new AtomicInteger();
    private String key;

    @BeforeAll
    static void start() {
        redis = RedisGroup.start(1);
        cache = TestCaches.create(redis, Duration.ofSeconds(2));
        smallLimit = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2))
            .maxValueBytes(SMALL_LIMIT).build());
    }

    @AfterAll
    static void stop() {
        smallLimit.close();
        cache.close();
        redis.close();
    }

    @BeforeEach
    void freshKey(TestInfo info) {
        key = "bad:" + info.getDisplayName();
    }

    private User loadAlice() {
        loads.incrementAndGet();
        return ALICE;
    }

    private void storeBytes(String field, byte[] raw) {
        try (Jedis j = redis.primary().connect()) {
            j.hset(key.getBytes(StandardCharsets.UTF_8), field.getBytes(StandardCharsets.UTF_8), raw);
        }
        redis.awaitReplication();
    }

    private String stored(String field) {
        try (Jedis j = redis.primary().connect()) {
            return j.hget(key, field);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"with space", "a:b:c", "naïve-ü", "日本語", "emoji-\uD83D\uDE00", "nul\u0000byte",
        "line\nbreak", "\u00ff\u00fe", "{\"json\":true}", "*3\r\n$3\r\nDEL"})
    void unusualKeysAndFieldsRoundTripExactlyAndNeverCollide(String name) {
        String k = key + ":" + name;
        User u = new User(name.length(), "n-" + name.hashCode(), "x@example.com");
        assertEquals(u, cache.hgetL(k, name, () -> u, User.class));
        redis.awaitReplication();
        assertEquals(u, cache.hgetL(k, name, () -> ALICE, User.class), "the second read is a hit");
        assertNull(cache.hget(k, name + "?"), "a neighbouring field is not the same field");
        try (Jedis j = redis.primary().connect()) {
            assertEquals(List.of(name), List.copyOf(j.hkeys(k)), "stored under exactly the given field");
        }
    }

    @Test
    void unpairedSurrogatesAreRefusedBecauseTheyWouldBeStoredAsQuestionMarks() {
        IllegalArgumentException field = assertThrows(IllegalArgumentException.class,
            () -> cache.hgetL(key, "bad\uD800", this::loadAlice, User.class));
        assertTrue(field.getMessage().contains("hash field is not valid Unicode"), field.getMessage());
        assertThrows(IllegalArgumentException.class, () -> cache.hset("k\uDC00", "f", "v"));
        assertThrows(IllegalArgumentException.class, () -> cache.hdel("k", "\uD800"));
        assertEquals(0, loads.get());
    }

    @Test
    void nullAndEmptyKeysAndFieldsAreClearErrors() {
        for (String bad : new String[] {null, ""}) {
            assertThrows(IllegalArgumentException.class, () -> cache.hgetL(bad, "f", this::loadAlice, User.class));
            assertThrows(IllegalArgumentException.class, () -> cache.hgetL(key, bad, this::loadAlice, User.class));
            assertThrows(IllegalArgumentException.class, () -> cache.hget(bad, "f"));
            assertThrows(IllegalArgumentException.class, () -> cache.hset(key, bad, "v"));
        }
        assertThrows(NullPointerException.class, () -> cache.hgetL(key, "f", this::loadAlice, (Class<User>) null));
    }

    @Test
    void cachedValueThatIsNotUtf8IsReloadedNotReturnedWithReplacementCharacters() {
        byte[] json = ALICE_JSON.replace("Alice", "Al\u0001ce").getBytes(StandardCharsets.UTF_8);
        int at = new String(json, StandardCharsets.UTF_8).indexOf('\u0001');
        json[at] = (byte) 0xff; // a byte that never occurs in UTF-8
        storeBytes("1", json);
        assertEquals(ALICE, cache.hgetL(key, "1", this::loadAlice, User.class));
        assertEquals(1, loads.get());
        assertEquals(ALICE_JSON, stored("1"), "repaired");
    }

    @Test
    void cachedValueHoldingARealReplacementCharacterIsAValidHit() {
        User u = new User(2, "broken \uFFFD glyph", "b@example.com");
        assertEquals(u, cache.hgetL(key, "2", () -> u, User.class));
        redis.awaitReplication();
        assertEquals(u, cache.hgetL(key, "2", this::loadAlice, User.class));
        assertEquals(0, loads.get());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "{\"id\":"})
    void deeplyNestedJsonIsAnInvalidEntryNotAStackOverflow(String opener) {
        storeBytes("1", opener.repeat(100_000).getBytes(StandardCharsets.UTF_8));
        assertEquals(ALICE, cache.hgetL(key, "1", this::loadAlice, User.class));
        assertEquals(List.of("x"), cache.hgetL(key, "2", () -> List.of("x"),
            CacheModel.of(new com.google.gson.reflect.TypeToken<List<String>>() { }.getType()), CachePolicy.none()));
        storeBytes("3", "[".repeat(100_000).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("y"), cache.hgetL(key, "3", () -> List.of("y"),
            CacheModel.of(new com.google.gson.reflect.TypeToken<List<String>>() { }.getType()), CachePolicy.none()));
        assertEquals(ALICE_JSON, stored("1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "42", "\"a string\"", "true", "{}", "", " "})
    void jsonOfTheWrongShapeIsReloaded(String raw) {
        storeBytes("1", raw.getBytes(StandardCharsets.UTF_8));
        assertEquals(ALICE, cache.hgetL(key, "1", this::loadAlice, User.class));
        assertEquals(1, loads.get());
        assertEquals(ALICE_JSON, stored("1"));
    }

    @Test
    void fiftyMegabyteValueIsNeitherParsedNorReturned() {
        String huge = "{\"id\":1,\"name\":\"" + "A".repeat(50 * 1024 * 1024) + "\",\"email\":\"a@example.com\"}";
        storeBytes("1", huge.getBytes(StandardCharsets.UTF_8));
        assertEquals(ALICE, cache.hgetL(key, "1", this::loadAlice, User.class),
            "a valid but oversized entry would have been a hit without the limit");
        assertEquals(1, loads.get());
        assertEquals(ALICE_JSON, stored("1"), "the small loaded value replaced it");
    }

    @Test
    void loadedValueOverTheLimitIsReturnedButNotCached() {
        User big = new User(3, "B".repeat(SMALL_LIMIT), "b@example.com");
        assertEquals(big, smallLimit.hgetL(key, "3", () -> big, User.class));
        assertNull(stored("3"));
        assertEquals(ALICE, smallLimit.hgetL(key, "1", this::loadAlice, User.class), "small values still cached");
        assertEquals(ALICE_JSON, stored("1"));
    }

    @Test
    void modelWithoutAUsableConstructorIsRefusedBeforeAnyRedisCall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> cache.hgetL(key, "1", () -> null, CacheModelTest.NoDefaultConstructor.class));
        assertTrue(e.getMessage().contains("NoDefaultConstructor"), e.getMessage());
        IllegalArgumentException abstractModel = assertThrows(IllegalArgumentException.class,
            () -> CacheModel.of(Runnable.class));
        assertTrue(abstractModel.getMessage().contains("interface or abstract class"), abstractModel.getMessage());
        CacheModel.of(Number.class); // Gson reads any JSON number into it
    }

    @Test
    void randomBytesAsCachedValuesAlwaysFallBackToTheLoader() {
        Random random = new Random(20261124L);
        for (int i = 0; i < 300; i++) {
            byte[] garbage = new byte[random.nextInt(200)];
            random.nextBytes(garbage);
            if (i % 3 == 0 && garbage.length > 0) {
                garbage[0] = '{'; // looks like JSON for a moment
            }
            storeBytes("f" + i, garbage);
            assertEquals(ALICE, cache.hgetL(key, "f" + i, this::loadAlice, User.class), "iteration " + i);
            assertEquals(ALICE_JSON, stored("f" + i), "iteration " + i);
        }
        assertEquals(300, loads.get());
    }

    @Test
    void invalidValuesNeverReachTheLogOrTheCaller() {
        storeBytes("1", "{\"id\":1,\"name\":\"\",\"email\":\"secret-token-99\"}".getBytes(StandardCharsets.UTF_8));
        InvalidValueException e = assertThrows(InvalidValueException.class,
            () -> CacheModel.of(User.class).fromJson(stored("1")));
        assertFalse(e.getMessage().contains("secret-token-99"), e.getMessage());
    }
}
