package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.annotations.SerializedName;
import io.kompress.annotations.OptionalField;
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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values written by the Python package (Pydantic {@code model_dump_json}) read into idiomatic Java types, and
 * what Java writes reads back into the same Pydantic model. Fixtures come from
 * {@code src/test/python/pydantic_interop.py generate}; the reverse direction runs that script.
 */
class InteropTest {

    enum Role {
        @SerializedName("admin") ADMIN,
        @SerializedName("member") MEMBER
    }

    record Address(String street, String city, @OptionalField @SerializedName("zip_code") String zipCode) {
    }

    record Customer(UUID id, String name, String email, boolean active, long visits, double score,
                    BigDecimal balance, Role role,
                    @SerializedName("created_at") Instant createdAt,
                    @SerializedName("updated_at") OffsetDateTime updatedAt,
                    LocalDate birthday,
                    @SerializedName("last_seen") LocalDateTime lastSeen,
                    Duration session, List<String> tags, List<Address> addresses,
                    @OptionalField String nickname) {
    }

    private static final Path SCRIPT = Path.of("src/test/python/pydantic_interop.py");
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
    }

    @Test
    void pydanticNullsForOptionalFieldsRead() throws IOException {
        Customer c = customers.fromJson(fixture("customer_minimal"));
        assertNull(c.nickname());
        assertEquals(List.of(), c.addresses());
        assertEquals(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHoursMinutes(-5, -30)), c.updatedAt());
        assertEquals(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 500_000_000), c.lastSeen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"customer_full", "customer_minimal"})
    void javaJsonReadsBackIntoTheSamePydanticModel(String name, @TempDir Path dir)
        throws IOException, InterruptedException {
        assumeTrue(pydanticAvailable(), "python3 with pydantic 2 is not installed: reverse direction skipped");
        Customer c = customers.fromJson(fixture(name));
        Path written = dir.resolve(name + ".java.json");
        Files.writeString(written, customers.toJson(c), StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("python3", SCRIPT.toString(), "compare", name, written.toString())
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), out);
    }

    @Test
    void javaWritesDecimalsAsStringsAndAwareTimesWithOffsets() throws IOException {
        String json = customers.toJson(customers.fromJson(fixture("customer_full")));
        assertTrue(json.contains("\"balance\":\"1234.50\""), json);
        assertTrue(json.contains("\"created_at\":\"2024-05-01T12:30:45.123456Z\""));
        assertTrue(json.contains("\"updated_at\":\"2024-05-01T14:30:45+02:00\""));
        assertTrue(json.contains("\"role\":\"admin\""));
    }

    private static boolean pydanticAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import pydantic, sys; "
                + "sys.exit(0 if pydantic.VERSION.startswith('2') else 1)").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
