package io.kompress.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.internal.config.DurationText;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link CachePolicy} builder checks and the duration text the annotation attributes use; no Redis. */
class CachePolicyTest {

    private static String error(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void everyOptionIsOffByDefault() {
        CachePolicy none = CachePolicy.none();
        assertFalse(none.ttl().isPresent());
        assertFalse(none.nullTtl().isPresent());
        assertFalse(none.staleIfError().isPresent());
        assertFalse(none.lockLease().isPresent());
        assertEquals(0, none.jitter());
        assertEquals(0, none.refreshAhead());
        assertEquals("CachePolicy{ttl=never}", none.toString());
    }

    @Test
    void optionsThatOnlyMakeSenseWithATtlAreRefusedWithoutOne() {
        assertEquals("jitter needs a ttl: without one, entries never expire",
            error(() -> CachePolicy.builder().jitter(0.1).build()));
        assertTrue(error(() -> CachePolicy.builder().staleIfError(Duration.ofMinutes(1)).build())
            .startsWith("staleIfError needs a ttl"));
        assertTrue(error(() -> CachePolicy.builder().refreshAhead(0.2).build()).startsWith("refreshAhead needs a ttl"));
    }

    @Test
    void outOfRangeValuesNameTheSettingAndTheValue() {
        assertEquals("jitter must be in [0, 1), got 1.0", error(() -> CachePolicy.builder().jitter(1)));
        assertEquals("jitter must be in [0, 1), got NaN", error(() -> CachePolicy.builder().jitter(Double.NaN)));
        assertEquals("refreshAhead must be in (0, 1), got 0.0", error(() -> CachePolicy.builder().refreshAhead(0)));
        assertEquals("ttl must be at least 1 ms, got PT0S", error(() -> CachePolicy.builder().ttl(Duration.ZERO)));
        assertEquals("cacheNulls must be at least 1 ms, got PT-1S",
            error(() -> CachePolicy.builder().cacheNulls(Duration.ofSeconds(-1))));
        assertEquals("distributedSingleFlight wait must be at least 1 ms, got PT0S",
            error(() -> CachePolicy.builder().distributedSingleFlight(Duration.ofSeconds(1), Duration.ZERO)));
    }

    @Test
    void toStringNamesEverySetting() {
        CachePolicy p = CachePolicy.builder().ttl(Duration.ofMinutes(10)).jitter(0.1).refreshAhead(0.2)
            .staleIfError(Duration.ofHours(1)).cacheNulls(Duration.ofSeconds(30))
            .distributedSingleFlight(Duration.ofSeconds(10), Duration.ofSeconds(3))
            .failurePolicy(FailurePolicy.THROW).build();
        assertEquals("CachePolicy{ttl=PT10M, jitter=0.1, cacheNulls=PT30S, staleIfError=PT1H, refreshAhead=0.2, "
            + "distributedSingleFlight=lease PT10S wait PT3S, failurePolicy=THROW}", p.toString());
    }

    @Test
    void durationTextAcceptsShortFormsAndIso() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms", "x"));
        assertEquals(Duration.ofSeconds(30), DurationText.parse("30s", "x"));
        assertEquals(Duration.ofMinutes(10), DurationText.parse(" 10m ", "x"));
        assertEquals(Duration.ofHours(2), DurationText.parse("2h", "x"));
        assertEquals(Duration.ofDays(1), DurationText.parse("1d", "x"));
        assertEquals(Duration.ofMinutes(10), DurationText.parse("PT10M", "x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10", "ten minutes", "10x", "-5s", "PT-1S", "1.5h"})
    void durationTextRefusesAnythingElseNamingWhereItCameFrom(String text) {
        String message = error(() -> DurationText.parse(text, "ttl of Foo.bar()"));
        assertTrue(message.startsWith("ttl of Foo.bar(): '" + text + "'"), message);
    }

    @Test
    void durationsBeyondTheMaximumAreRefusedInsteadOfOverflowing() {
        for (Duration huge : new Duration[] {CachePolicy.MAX_DURATION.plusMillis(1), Duration.ofSeconds(Long.MAX_VALUE),
            DurationText.parse("999999999999d", "test")}) {
            IllegalArgumentException ttl = assertThrows(IllegalArgumentException.class,
                () -> CachePolicy.builder().ttl(huge));
            assertTrue(ttl.getMessage().startsWith("ttl must be at most 36500 days"), ttl.getMessage());
            IllegalArgumentException stale = assertThrows(IllegalArgumentException.class,
                () -> CachePolicy.builder().staleIfError(huge));
            assertTrue(stale.getMessage().startsWith("staleIfError must be at most"), stale.getMessage());
        }
        CachePolicy longest = CachePolicy.builder().ttl(CachePolicy.MAX_DURATION)
            .staleIfError(CachePolicy.MAX_DURATION).build();
        assertEquals(Optional.of(CachePolicy.MAX_DURATION), longest.ttl());
        assertEquals(longest.ttl(), java.util.Optional.of(CachePolicy.MAX_DURATION));
    }
}
