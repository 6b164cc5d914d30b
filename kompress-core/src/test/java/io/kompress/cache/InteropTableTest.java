package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.annotations.SerializedName;
import io.kompress.annotations.EnumNumber;
import io.kompress.cache.errors.InvalidValueException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generates the table in {@code docs/guides/INTEROP.md}: how Pydantic (run here, as the Python package validates) and
 * Kompress judge non-canonical JSON for each type, so a mixed Python/Java team can predict which entries one side
 * writes that the other reloads. The test fails when the committed table no longer matches what both validators
 * do; {@code -Dkompress.interop.write=true} rewrites it.
 */
class InteropTableTest {

    enum Priority {
        @EnumNumber(1) LOW,
        @EnumNumber(2) HIGH
    }

    enum Colour {
        @SerializedName("red") RED
    }

    /** One input: the type's key, the JSON of {@code v}, and what is unusual about it. */
    record Case(String model, String json, String note) {
    }

    private static final Map<String, CacheModel<?>> KOMPRESS = Map.ofEntries(
        Map.entry("int", CacheModel.of(IntBox.class)), Map.entry("long", CacheModel.of(LongBox.class)),
        Map.entry("bool", CacheModel.of(BoolBox.class)), Map.entry("double", CacheModel.of(DoubleBox.class)),
        Map.entry("str", CacheModel.of(StrBox.class)), Map.entry("instant", CacheModel.of(InstantBox.class)),
        Map.entry("local_datetime", CacheModel.of(LocalDateTimeBox.class)),
        Map.entry("date", CacheModel.of(DateBox.class)), Map.entry("uuid", CacheModel.of(UuidBox.class)),
        Map.entry("decimal", CacheModel.of(DecimalBox.class)), Map.entry("duration", CacheModel.of(DurationBox.class)),
        Map.entry("int_enum", CacheModel.of(IntEnumBox.class)), Map.entry("str_enum", CacheModel.of(StrEnumBox.class)),
        Map.entry("str_list", CacheModel.of(StrListBox.class)),
        Map.entry("str_int_map", CacheModel.of(StrIntMapBox.class)));

    private static final Map<String, String> JAVA_TYPE = Map.ofEntries(
        Map.entry("int", "int / int"), Map.entry("long", "int / long"), Map.entry("bool", "bool / boolean"),
        Map.entry("double", "float / double"), Map.entry("str", "str / String"),
        Map.entry("instant", "aware datetime / Instant"), Map.entry("local_datetime", "datetime / LocalDateTime"),
        Map.entry("date", "date / LocalDate"), Map.entry("uuid", "UUID / UUID"),
        Map.entry("decimal", "Decimal / BigDecimal"), Map.entry("duration", "timedelta / Duration"),
        Map.entry("int_enum", "IntEnum / @EnumNumber enum"), Map.entry("str_enum", "str Enum / enum"),
        Map.entry("str_list", "List[str] / List<String>"),
        Map.entry("str_int_map", "Dict[str, int] / Map<String, Integer>"));

    private static final List<Case> CASES = List.of(
        new Case("int", "42", "canonical"),
        new Case("int", "\"42\"", "number as a string"),
        new Case("int", "42.0", "integral float"),
        new Case("int", "4.2e1", "exponent"),
        new Case("int", "true", "boolean"),
        new Case("int", "12345678901", "beyond 32 bits"),
        new Case("long", "9223372036854775808", "beyond 64 bits"),
        new Case("bool", "true", "canonical"),
        new Case("bool", "1", "1 for true"),
        new Case("bool", "0", "0 for false"),
        new Case("bool", "\"true\"", "string"),
        new Case("bool", "\"yes\"", "yes"),
        new Case("double", "1.5", "canonical"),
        new Case("double", "1", "integer"),
        new Case("double", "\"1.5\"", "number as a string"),
        new Case("double", "NaN", "NaN (not JSON)"),
        new Case("double", "Infinity", "Infinity (not JSON)"),
        new Case("double", "1e400", "overflows to infinity"),
        new Case("str", "\"a\"", "canonical"),
        new Case("str", "42", "number"),
        new Case("str", "null", "null for a required field"),
        new Case("instant", "\"2024-05-01T12:00:00Z\"", "canonical"),
        new Case("instant", "\"2024-05-01T12:00:00\"", "no offset"),
        new Case("instant", "\"2024-05-01 12:00:00Z\"", "space for T"),
        new Case("instant", "\"2024-05-01T12:00:00+0200\"", "offset without colon"),
        new Case("instant", "\"2024-05-01T12:00:00.123456789Z\"", "nanoseconds"),
        new Case("instant", "1714564800", "Unix seconds"),
        new Case("local_datetime", "\"2024-05-01T12:00:00\"", "canonical"),
        new Case("local_datetime", "\"2024-05-01T12:00\"", "no seconds"),
        new Case("local_datetime", "\"2024-05-01T12:00:00Z\"", "with an offset"),
        new Case("date", "\"2024-05-01\"", "canonical"),
        new Case("date", "\"2024-5-1\"", "no leading zeros"),
        new Case("date", "\"2024-05-01T00:00:00\"", "midnight date-time"),
        new Case("uuid", "\"6f1c2b8e-3d4a-4e5f-9a7b-1c2d3e4f5a6b\"", "canonical"),
        new Case("uuid", "\"6F1C2B8E-3D4A-4E5F-9A7B-1C2D3E4F5A6B\"", "upper case"),
        new Case("uuid", "\"6f1c2b8e3d4a4e5f9a7b1c2d3e4f5a6b\"", "no dashes"),
        new Case("uuid", "\"{6f1c2b8e-3d4a-4e5f-9a7b-1c2d3e4f5a6b}\"", "braces"),
        new Case("uuid", "\"urn:uuid:6f1c2b8e-3d4a-4e5f-9a7b-1c2d3e4f5a6b\"", "URN"),
        new Case("decimal", "\"1234.50\"", "canonical"),
        new Case("decimal", "1234.5", "number"),
        new Case("decimal", "\"1e3\"", "exponent"),
        new Case("decimal", "\"NaN\"", "NaN"),
        new Case("duration", "\"PT1H30M\"", "canonical"),
        new Case("duration", "\"-PT1S\"", "negative, Pydantic's form"),
        new Case("duration", "\"PT-1S\"", "negative, java.time's form"),
        new Case("duration", "\"P1Y35D\"", "365-day years"),
        new Case("duration", "\"P1W\"", "weeks"),
        new Case("duration", "90", "seconds as a number"),
        new Case("duration", "\"01:30:00\"", "clock form"),
        new Case("int_enum", "2", "canonical"),
        new Case("int_enum", "\"2\"", "number as a string"),
        new Case("int_enum", "2.0", "integral float"),
        new Case("str_enum", "\"red\"", "canonical"),
        new Case("str_enum", "\"RED\"", "constant name"),
        new Case("str_list", "[\"a\"]", "canonical"),
        new Case("str_list", "\"a\"", "a bare string"),
        new Case("str_int_map", "{\"a\":1}", "canonical"),
        new Case("str_int_map", "{\"a\":\"1\"}", "number as a string"));

    private static final Path DOC = Path.of("../docs/guides/INTEROP.md");
    private static final String BEGIN = "<!-- table generated by InteropTableTest: begin -->";
    private static final String END = "<!-- table generated by InteropTableTest: end -->";

    @Test
    void theCommittedTableIsWhatPydanticAndKompressDoToday(@TempDir Path dir) throws IOException, InterruptedException {
        assumeTrue(Pydantic.available(), "python3 with pydantic 2 is not installed");
        List<Map<String, String>> judged = new ArrayList<>();
        for (Case c : CASES) {
            judged.add(Map.of("model", c.model(), "json", "{\"v\":" + c.json() + "}"));
        }
        List<Boolean> pydantic = Pydantic.judge(judged, dir);
        StringBuilder table = new StringBuilder(BEGIN).append("\n")
            .append("Judged by Pydantic ").append(Pydantic.version()).append(" and this build of Kompress, each input "
                + "as the only field `v` of a model.\n\n")
            .append("| Python / Java type | JSON input | | Pydantic | Kompress |\n|---|---|---|---|---|\n");
        for (int i = 0; i < CASES.size(); i++) {
            Case c = CASES.get(i);
            table.append("| ").append(JAVA_TYPE.get(c.model())).append(" | `").append(c.json()).append("` | ")
                .append(c.note()).append(" | ").append(word(pydantic.get(i))).append(" | ")
                .append(word(kompressAccepts(c))).append(" |\n");
        }
        table.append(END);
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int from = doc.indexOf(BEGIN);
        int to = doc.indexOf(END) + END.length();
        String updated = doc.substring(0, from) + table + doc.substring(to);
        if (Boolean.getBoolean("kompress.interop.write")) {
            Files.writeString(DOC, updated, StandardCharsets.UTF_8);
        }
        assertEquals(doc, updated,
            "docs/guides/INTEROP.md is out of date: run this test with -Dkompress.interop.write=true");
    }

    private static boolean kompressAccepts(Case c) {
        try {
            KOMPRESS.get(c.model()).fromJson("{\"v\":" + c.json() + "}");
            return true;
        } catch (InvalidValueException e) {
            return false;
        }
    }

    private static String word(boolean accepted) {
        return accepted ? "accepts" : "**rejects**";
    }

    record IntBox(int v) {
    }

    record LongBox(long v) {
    }

    record BoolBox(boolean v) {
    }

    record DoubleBox(double v) {
    }

    record StrBox(String v) {
    }

    record InstantBox(Instant v) {
    }

    record LocalDateTimeBox(LocalDateTime v) {
    }

    record DateBox(LocalDate v) {
    }

    record UuidBox(UUID v) {
    }

    record DecimalBox(BigDecimal v) {
    }

    record DurationBox(Duration v) {
    }

    record IntEnumBox(Priority v) {
    }

    record StrEnumBox(Colour v) {
    }

    record StrListBox(List<String> v) {
    }

    record StrIntMapBox(Map<String, Integer> v) {
    }
}
