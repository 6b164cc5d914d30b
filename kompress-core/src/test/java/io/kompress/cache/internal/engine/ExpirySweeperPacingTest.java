package io.kompress.cache.internal.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The expiry sweep yields to traffic: its pause after a page grows with how long the page's commands took, so a
 * busy primary (longer round trips) gets a slower sweep, within fixed bounds.
 */
class ExpirySweeperPacingTest {

    private static long ms(double millis) {
        return (long) (millis * 1_000_000);
    }

    @Test
    void aQuickPageWaitsTheMinimumPause() {
        assertEquals(ms(2), ExpirySweeper.pauseNanos(0));
        assertEquals(ms(2), ExpirySweeper.pauseNanos(ms(0.1)));
    }

    @Test
    void aSlowerPageWaitsNineTimesItsOwnDurationSoTheSweepTakesATenthOfTheTime() {
        assertEquals(ms(9), ExpirySweeper.pauseNanos(ms(1)));
        assertEquals(ms(45), ExpirySweeper.pauseNanos(ms(5)));
    }

    @Test
    void theLongestPauseIsCapped() {
        assertEquals(ms(500), ExpirySweeper.pauseNanos(ms(100)));
        assertEquals(ms(500), ExpirySweeper.pauseNanos(Duration.ofHours(1).toNanos()));
        assertEquals(ms(500), ExpirySweeper.pauseNanos(Long.MAX_VALUE));
    }
}
