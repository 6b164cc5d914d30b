package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.annotations.SerializedName;
import io.kompress.annotations.EnumNumber;
import io.kompress.annotations.OptionalField;
import io.kompress.testing.MutableClock;
import io.kompress.testing.RedisGroup;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * Values written by the Python package (Pydantic {@code model_dump_json}) read into idiomatic Java types, and
 * what Java writes reads back into the same Pydantic model. Fixtures come from
 * {@code src/test/python/pydantic_interop.py generate}; the reverse direction runs that script. Covered: strings,
 * numbers, booleans, optionals, nested models, lists, a {@code dict[str, int]}, aware and naive date-times,
 * dates, UUIDs, decimals, string enums, an {@code IntEnum} ({@link EnumNumber}), positive and negative
 * {@code timedelta}s, and two fields whose names differ only by case.
 */
class InteropTest {

    enum Role {
        @SerializedName("admin") ADMIN,
        @SerializedName("member") MEMBER
    }

    record Address(String street, String city, @OptionalField @SerializedName("zip_code") String zipCode) {
    }

    /** Pydantic's {@code IntEnum}: stored as a JSON number. */
    enum Priority {
        @EnumNumber(1) LOW,
        @EnumNumber(2) HIGH
    }

    record Customer(UUID id, String name, String email, boolean active, long visits, double score,
                    BigDecimal balance, Role role,
                    @SerializedName("created_at") Instant createdAt,
                    @SerializedName("updated_at") OffsetDateTime updatedAt,
                    LocalDate birthday,
                    @SerializedName("last_seen") LocalDateTime lastSeen,
                    Duration session, List<String> tags, List<Address> addresses,
                    @OptionalField String nickname, Priority priority, Duration penalty, Map<String, Long> counts) {
    }

    /** Two JSON fields whose names differ only by case. */
    record CaseFields(String name, @SerializedName("Name") String upperName) {
    }

    private final CacheModel<Customer> customers = CacheModel.of(Customer.class);

    private static String fixture(String name) throws IOException {
        return Files.readString(Path.of("src/test/resources/interop/" + name + ".json"), StandardCharsets.UTF_8);
    }

    @Test
    void pydanticJsonReadsIntoJavaTypes() throws IOException {
        Customer c = customers.fromJson(fixture("customer_full"));
        assertEquals(UUID.fromString("6f1c2b8e-3d4a-4e5f-9a7b-1c2d3e4f5a6b"), c.id());
        assertEquals("Zoë Ångström", c.name());
        assertEquals(12_345_678_901L, c.visits());
        assertEquals(97.25, c.score());
        assertEquals(new BigDecimal("1234.50"), c.balance());
        assertEquals(Role.ADMIN, c.role());
        assertEquals(Instant.parse("2024-05-01T12:30:45.123456Z"), c.createdAt());
        assertEquals(OffsetDateTime.of(2024, 5, 1, 14, 30, 45, 0, ZoneOffset.ofHours(2)), c.updatedAt());
        assertEquals(LocalDate.of(1990, 2, 28), c.birthday());
        assertEquals(LocalDateTime.of(2024, 5, 2, 8, 0), c.lastSeen());
        assertEquals(Duration.ofMinutes(90), c.session());
        assertEquals(List.of("vip", "beta", "emoji-✓"), c.tags());
        assertEquals(new Address("1 Main St", "Springfield", "12345"), c.addresses().get(0));
        assertNull(c.addresses().get(1).zipCode());
        assertEquals("zo", c.nickname());
        assertEquals(Priority.HIGH, c.priority());
        assertEquals(Duration.ofHours(-23), c.penalty());
        assertEquals(Map.of("a", 1L, "B", -2L, "ü", 12_345_678_901L), c.counts());
    }

    @Test
    void fieldNamesThatDifferOnlyByCaseKeepTheirOwnValues() throws IOException {
        CacheModel<CaseFields> model = CacheModel.of(CaseFields.class);
        String json = fixture("case_fields");
        assertEquals(new CaseFields("lower", "Upper"), model.fromJson(json));
        assertEquals(json, model.toJson(model.fromJson(json)));
    }

    @Test
    void pydanticNullsForOptionalFieldsRead() throws IOException {
        Customer c = customers.fromJson(fixture("customer_minimal"));
        assertNull(c.nickname());
        assertEquals(List.of(), c.addresses());
        assertEquals(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(-5, -30)), c.updatedAt());
        assertEquals(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 500_000_000), c.lastSeen());
        assertEquals(Priority.LOW, c.priority());
        assertEquals(Duration.ofSeconds(-1), c.penalty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer_full", "customer_minimal"})
    void javaJsonReadsBackIntoTheSamePydanticModelAndIsByteForByteWhatPydanticWrote(String name, @TempDir Path dir)
        throws IOException, InterruptedException {
        Customer c = customers.fromJson(fixture(name));
        String java = customers.toJson(c);
        assertEquals(fixture(name), java, "Java writes the same canonical JSON as model_dump_json");
        assumeTrue(Pydantic.available(), "python3 with pydantic 2 is not installed: reverse direction skipped");
        Path written = dir.resolve(name + ".java.json");
        Files.writeString(written, java, StandardCharsets.UTF_8);
        Pydantic.run(Pydantic.SCRIPT.toString(), "compare", name, written.toString());
    }

    @Test
    void anEntryThePythonPackageWritesOverAnExpiringKompressEntryIsServedPastTheOldExpiry() throws IOException {
        MutableClock now = new MutableClock(1_700_000_000_000L);
        CachePolicy minute = CachePolicy.builder().ttl(Duration.ofMinutes(1)).build();
        AtomicInteger loads = new AtomicInteger();
        try (RedisGroup redis = RedisGroup.start(0);
             KompressCache cache = KompressCache.create(TestCaches.configFor(redis, Duration.ofSeconds(2))
                 .clock(now).build())) {
            Customer full = customers.fromJson(fixture("customer_full"));
            cache.hgetL("interop:customers", "c1", () -> {
                loads.incrementAndGet();
                return full;
            }, customers, minute);
            try (Jedis python = redis.primary().connect()) { // what redis-py's hset of model_dump_json sends
                python.hset("interop:customers", "c1", fixture("customer_minimal"));
            }
            now.advance(Duration.ofMinutes(5).toMillis());
            Customer served = cache.hgetL("interop:customers", "c1", () -> {
                loads.incrementAndGet();
                return full;
            }, customers, minute);
            assertEquals("Bob", served.name(), "the foreign value has no Kompress expiry");
            assertEquals(1, loads.get());
        }
    }

    @Test
    void caseFieldsWrittenByJavaReadBackInPydantic(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(Pydantic.available(), "python3 with pydantic 2 is not installed");
        Path written = dir.resolve("case_fields.java.json");
        CacheModel<CaseFields> model = CacheModel.of(CaseFields.class);
        Files.writeString(written, model.toJson(new CaseFields("lower", "Upper")), StandardCharsets.UTF_8);
        Pydantic.run(Pydantic.SCRIPT.toString(), "compare", "case_fields", written.toString());
    }

    @Test
    void javaWritesDecimalsAsStringsAndAwareTimesWithOffsets() throws IOException {
        String json = customers.toJson(customers.fromJson(fixture("customer_full")));
        assertTrue(json.contains("\"balance\":\"1234.50\""), json);
        assertTrue(json.contains("\"created_at\":\"2024-05-01T12:30:45.123456Z\""));
        assertTrue(json.contains("\"updated_at\":\"2024-05-01T14:30:45+02:00\""));
        assertTrue(json.contains("\"role\":\"admin\""));
        assertTrue(json.contains("\"priority\":2"), json);
        assertTrue(json.contains("\"penalty\":\"-PT23H\""), json);
    }
}
