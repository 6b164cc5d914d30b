package io.kompress.cache.internal.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The prefixes registered with {@code CLIENT TRACKING BCAST}: none starts another (Redis refuses that), bounded. */
class TrackingPrefixesTest {

    @Test
    void keysStartedByAnotherKeyAreCoveredByIt() {
        assertEquals(List.of("a", "b:1", "users"),
            TrackingPrefixes.minimal(Set.of("users", "users:1", "usersX", "a", "ab", "a:x", "b:1")));
    }

    @Test
    void aKeyIsAddedOnceAndTheBoundHolds() {
        TrackingPrefixes p = new TrackingPrefixes();
        assertTrue(p.add("k"));
        assertFalse(p.add("k"));
        for (int i = 0; i < TrackingPrefixes.MAX_KEYS * 2; i++) {
            p.add("key" + i);
        }
        assertEquals(TrackingPrefixes.MAX_KEYS, p.all().size());
    }
}
