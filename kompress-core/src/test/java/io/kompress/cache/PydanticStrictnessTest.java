package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kompress.annotations.EnumNumber;
import io.kompress.cache.errors.InvalidValueException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Where Kompress and Pydantic must agree exactly for entries to be hits on both sides: text that RFC 8259 rejects
 * is invalid for both (so it reloads), integer enums are JSON numbers both ways, and durations, negative ones
 * included, are written as Pydantic writes them. Each case is checked against Pydantic itself when it is
 * installed.
 */
class PydanticStrictnessTest {

    record Text(String v) {
    }

    record Flag(boolean v) {
    }

    enum Priority {
        @EnumNumber(1) LOW,
        @EnumNumber(2) HIGH
    }

    record Prioritised(Priority v) {
    }

    record Span(Duration v) {
    }

    enum HalfNumbered {
        @EnumNumber(1) ONE,
        TWO
    }

    record HalfBox(HalfNumbered v) {
    }

    private static final CacheModel<Text> TEXT = CacheModel.of(Text.class);
    private static final CacheModel<Flag> FLAG = CacheModel.of(Flag.class);
    private static final CacheModel<Prioritised> PRIORITY = CacheModel.of(Prioritised.class);
    private static final CacheModel<Span> SPAN = CacheModel.of(Span.class);

    /** Not JSON by RFC 8259 (or no Unicode text), each with the model it is read into. */
    private static final Map<String, String> NOT_JSON = new LinkedHashMap<>();

    static {
        NOT_JSON.put("\uFEFF{\"v\":\"a\"}", "str");
        NOT_JSON.put("{\"v\":TRUE}", "bool");
        NOT_JSON.put("{\"v\":True}", "bool");
        NOT_JSON.put("{\"v\":\"a\tb\"}", "str");
        NOT_JSON.put("{\"v\":\"a\u0001b\"}", "str");
        NOT_JSON.put("{\"v\":\"it\\'s\"}", "str");
        NOT_JSON.put("{\"v\":\"\\ud800\"}", "str");
        NOT_JSON.put("{\"v\":\"\\udc00\"}", "str");
        NOT_JSON.put("{\"v\":\"\\ud800x\"}", "str");
        NOT_JSON.put("{\"v\":\"\\ud800\\ud800\\udc00\"}", "str");
        NOT_JSON.put("{\"v\":\"\\ud800\\n\"}", "str");
    }

    private static CacheModel<?> model(String name) {
        return name.equals("bool") ? FLAG : TEXT;
    }

    @Test
    void whatRfc8259RejectsIsInvalidForKompressAndForPydantic(@TempDir Path dir)
        throws IOException, InterruptedException {
        for (Map.Entry<String, String> c : NOT_JSON.entrySet()) {
            CacheModel<?> m = model(c.getValue());
            assertThrows(InvalidValueException.class, () -> m.fromJson(c.getKey()), c.getKey());
        }
        assumeTrue(Pydantic.available(), "python3 with pydantic 2 is not installed");
        List<Map<String, String>> cases = new ArrayList<>();
        NOT_JSON.forEach((json, model) -> cases.add(Map.of("model", model, "json", json)));
        List<Boolean> accepted = Pydantic.judge(cases, dir);
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(false, accepted.get(i), "Pydantic accepted " + cases.get(i));
        }
    }

    @Test
    void validJsonNextToEachRejectedCaseIsAcceptedByBoth(@TempDir Path dir) throws IOException, InterruptedException {
        Map<String, String> fine = new LinkedHashMap<>();
        fine.put("{\"v\":\"a\"}", "str");
        fine.put("{\"v\":true}", "bool");
        fine.put("{\"v\":\"a\\tb\\u0001\"}", "str");
        fine.put("{\"v\":\"it's \\\\'\"}", "str");
        fine.put("{\"v\":\"\\ud83d\\ude00 \\u00e9\"}", "str");
        fine.put("{\"v\":\"\\\\ud800\"}", "str");
        fine.forEach((json, m) -> model(m).fromJson(json));
        assertEquals(new Text("\uD83D\uDE00 é"), TEXT.fromJson("{\"v\":\"\\ud83d\\ude00 \\u00e9\"}"));
        assumeTrue(Pydantic.available(), "python3 with pydantic 2 is not installed");
        List<Map<String, String>> cases = new ArrayList<>();
        fine.forEach((json, model) -> cases.add(Map.of("model", model, "json", json)));
        assertEquals(List.of(true, true, true, true, true, true), Pydantic.judge(cases, dir));
    }

    @Test
    void integerEnumsAreJsonNumbersBothWays(@TempDir Path dir) throws IOException, InterruptedException {
        assertEquals("{\"v\":2}", PRIORITY.toJson(new Prioritised(Priority.HIGH)));
        assertEquals(new Prioritised(Priority.LOW), PRIORITY.fromJson("{\"v\":1}"));
        for (String wrong : List.of("{\"v\":3}", "{\"v\":\"2\"}", "{\"v\":2.0}", "{\"v\":\"HIGH\"}")) {
            assertThrows(InvalidValueException.class, () -> PRIORITY.fromJson(wrong), wrong);
        }
        assumeTrue(Pydantic.available(), "python3 with pydantic 2 is not installed");
        assertEquals(List.of("{\"v\":2}", "{\"v\":1}"), Pydantic.dump(List.of(
            Map.of("model", "int_enum", "python", "Priority.HIGH"),
            Map.of("model", "int_enum", "python", "Priority.LOW")), dir));
        assertEquals(List.of(true), Pydantic.judge(List.of(Map.of("model", "int_enum",
            "json", PRIORITY.toJson(new Prioritised(Priority.HIGH)))), dir));
    }

    @Test
    void anEnumNumberedOnlyInPartIsRefusedWhenItsModelIsCreated() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CacheModel.of(HalfBox.class));
        assertEquals(true, e.getMessage().contains("HalfNumbered has @EnumNumber on 1 of 2 constants"),
            e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"v\":\"PT-1S\"}", "{\"v\":\"PT-23H\"}", "{\"v\":\"PT-1H30M\"}"})
    void durationsWrittenByEarlierVersionsStillRead(String json) {
        assertEquals(true, SPAN.fromJson(json).v().isNegative());
    }

    @Test
    void durationsAreWrittenAsPydanticWritesThemAndReadFromWhatItWrites(@TempDir Path dir)
        throws IOException, InterruptedException {
        Map<String, Duration> cases = new LinkedHashMap<>();
        cases.put("dt.timedelta(seconds=-1)", Duration.ofSeconds(-1));
        cases.put("dt.timedelta(hours=-23)", Duration.ofHours(-23));
        cases.put("dt.timedelta(0)", Duration.ZERO);
        cases.put("dt.timedelta(minutes=90)", Duration.ofMinutes(90));
        cases.put("dt.timedelta(seconds=1.5)", Duration.ofMillis(1500));
        cases.put("dt.timedelta(microseconds=1)", Duration.ofNanos(1000));
        cases.put("dt.timedelta(microseconds=-1)", Duration.ofNanos(-1000));
        cases.put("dt.timedelta(days=2)", Duration.ofDays(2));
        cases.put("dt.timedelta(days=400)", Duration.ofDays(400));
        cases.put("dt.timedelta(days=-400, hours=5)", Duration.ofDays(-400).plusHours(5));
        cases.put("dt.timedelta(days=365, seconds=61)", Duration.ofDays(365).plusSeconds(61));
        cases.put("dt.timedelta(hours=1, seconds=0.25)", Duration.ofHours(1).plusMillis(250));
        List<String> java = cases.values().stream().map(d -> SPAN.toJson(new Span(d))).toList();
        assertEquals("{\"v\":\"-PT1S\"}", java.get(0));
        assertEquals("{\"v\":\"-PT23H\"}", java.get(1));
        assertEquals("{\"v\":\"P1Y35D\"}", java.get(8));
        for (int i = 0; i < java.size(); i++) {
            assertEquals(new ArrayList<>(cases.values()).get(i), SPAN.fromJson(java.get(i)).v(), java.get(i));
        }
        assumeTrue(Pydantic.available(), "python3 with pydantic 2 is not installed");
        List<Map<String, String>> dumps = new ArrayList<>();
        cases.keySet().forEach(expr -> dumps.add(Map.of("model", "duration", "python", expr)));
        assertEquals(java, Pydantic.dump(dumps, dir), "byte for byte what Pydantic writes");
    }
}
