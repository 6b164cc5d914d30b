package io.kompress.cache.internal.topology;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The attribution rule on message sequences a node can send, including the ones it must never trust. */
class WriteAttributionTest {

    private final List<String> seen = new ArrayList<>();
    private final WriteAttribution rule = new WriteAttribution(new WriteAttribution.Sink() {
        @Override
        public void wholeKey(String key) {
            seen.add("whole " + key);
        }

        @Override
        public void fields(String key, String stamp, List<String> fields) {
            seen.add("fields " + key + " " + stamp + " " + fields);
        }
    });

    private void announce(String key, String payload) {
        rule.announcement(key, payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void eventsBetweenABeginAndItsEndAreThatWritesFields() {
        announce("users", "bs.1");
        rule.event("users", "hset");
        rule.event("users", "hdel");
        rule.event("users", "hexpire");
        announce("users", "es.1|2:423:a:b");
        assertEquals(List.of("fields users s.1 [42, a:b]"), seen);
    }

    @Test
    void anEventOutsideAPairDropsTheWholeKey() {
        rule.event("users", "hset");
        announce("users", "bs.1");
        announce("users", "es.1|1:7");
        rule.event("users", "hset");
        assertEquals(List.of("whole users", "fields users s.1 [7]", "whole users"), seen);
    }

    @Test
    void anEventKompressScriptsDoNotCauseDropsTheWholeKeyEvenInsideAPair() {
        announce("users", "bs.1");
        rule.event("users", "expired");
        rule.event("users", "del");
        announce("users", "es.1|1:7");
        assertEquals(List.of("whole users", "whole users", "fields users s.1 [7]"), seen);
    }

    @Test
    void anEventOfAnotherKeyInsideAPairDropsThatKey() {
        announce("users", "bs.1");
        rule.event("orders", "hset");
        announce("users", "es.1|1:7");
        assertEquals(List.of("whole orders", "fields users s.1 [7]"), seen);
    }

    @Test
    void aBeginNeverEndedDropsItsKeyAtTheNextMessageOfAnotherKind() {
        announce("users", "bs.1");
        rule.event("users", "hset");
        rule.other(); // a heartbeat answer: the script's end can no longer come
        rule.event("users", "hset");
        assertEquals(List.of("whole users", "whole users"), seen);
    }

    @Test
    void aBeginFollowedByAnotherBeginDropsTheFirstKey() {
        announce("users", "bs.1");
        rule.event("users", "hset");
        announce("users", "bs.2");
        announce("users", "es.2|1:8");
        assertEquals(List.of("whole users", "fields users s.2 [8]"), seen);
    }

    @Test
    void anEndThatDoesNotMatchTheOpenBeginTrustsNeither() {
        announce("users", "bs.1");
        rule.event("users", "hset");
        announce("users", "es.9|1:8");
        assertEquals(List.of("whole users", "fields users s.9 [8]"), seen);
    }

    @Test
    void aMalformedEndDropsTheWholeKey() {
        announce("users", "bs.1");
        announce("users", "es.1|5:ab");
        announce("users", "x");
        assertEquals(List.of("whole users", "whole users", "whole users"), seen);
    }

    @Test
    void anEndWithNoFieldsChangesNothing() {
        announce("users", "bs.1");
        announce("users", "es.1|");
        assertEquals(List.of(), seen);
    }
}
