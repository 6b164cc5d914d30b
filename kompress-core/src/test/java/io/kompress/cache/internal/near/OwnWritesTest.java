package io.kompress.cache.internal.near;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** This instance's writes in flight: who reads the primary, what may be kept, when a record ends. */
class OwnWritesTest {

    private final AtomicInteger readers = new AtomicInteger(3);
    private final OwnWrites own = new OwnWrites(readers::get, 1_000);

    @Test
    void aFieldIsReadFromThePrimaryUntilEveryNodeLiveAtTheStartReportedTheWrite() {
        own.started("k", "f", "s.1", 0);
        own.finished("k", "f", "s.1", true);
        assertTrue(own.pending("k", "f", 0));
        assertTrue(own.reported("primary", "k", "f", "s.1"));
        assertTrue(own.reported("replica-1", "k", "f", "s.1"));
        assertTrue(own.reported("replica-1", "k", "f", "s.1"), "a repeated report is still this write's");
        assertTrue(own.pending("k", "f", 0), "one node has not reported");
        readers.set(5); // streams that came up later cannot have seen the write
        assertTrue(own.reported("replica-2", "k", "f", "s.1"));
        assertFalse(own.pending("k", "f", 0));
        assertEquals(0, own.size());
    }

    @Test
    void reportsBeforeTheWriteReturnedEndTheRecordWhenItReturns() {
        own.started("k", "f", "s.1", 0);
        own.reported("a", "k", "f", "s.1");
        own.reported("b", "k", "f", "s.1");
        own.reported("c", "k", "f", "s.1");
        assertTrue(own.pending("k", "f", 0), "still in flight");
        own.finished("k", "f", "s.1", true);
        assertFalse(own.pending("k", "f", 0));
    }

    @Test
    void aRecordEndsAtItsDeadlineWhenANodeNeverReports() {
        own.started("k", "f", "s.1", 0);
        own.finished("k", "f", "s.1", true);
        assertTrue(own.pending("k", "f", 999));
        assertFalse(own.pending("k", "f", 1_000));
    }

    @Test
    void aRefusedWriteEndsItsRecordAtOnce() {
        own.started("k", "f", "s.1", 0);
        assertTrue(own.mayKeep("k", "f", "s.1"));
        own.finished("k", "f", "s.1", false);
        assertFalse(own.pending("k", "f", 0));
        assertFalse(own.mayKeep("k", "f", "s.1"));
    }

    @Test
    void twoOwnWritesOfAFieldInFlightTogetherKeepNeitherValue() {
        own.started("k", "f", "s.1", 0);
        own.started("k", "f", "s.2", 0);
        assertFalse(own.mayKeep("k", "f", "s.2"), "the primary may apply them in either order");
        assertFalse(own.mayKeep("k", "f", "s.1"));
        own.finished("k", "f", "s.1", true);
        own.finished("k", "f", "s.2", true);
        own.started("k", "f", "s.3", 0);
        assertTrue(own.mayKeep("k", "f", "s.3"), "alone again");
    }

    @Test
    void aReportOfAnOlderOwnWriteIsNotTheLatestOne() {
        own.started("k", "f", "s.1", 0);
        own.finished("k", "f", "s.1", true);
        own.started("k", "f", "s.2", 0);
        assertFalse(own.reported("a", "k", "f", "s.1"), "dropped like anyone's write");
        assertTrue(own.reported("a", "k", "f", "s.2"));
    }
}
