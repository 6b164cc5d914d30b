package io.kompress.cache.internal.topology;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tells, on one node's ordered stream of keyspace events and write announcements, which changes of a hash key were
 * made by Kompress and which fields they touched; every other change drops the whole key.
 *
 * <p>Every write Kompress makes is one Lua script: it publishes {@code b<stamp>} on {@code kompress:w:<key>}, runs
 * its commands on that key (each called through {@code pcall}, so the script always reaches its end), then publishes
 * {@code e<stamp>|<fields>}. The rule: <b>a keyspace event of a key is Kompress's only if it arrives between a begin
 * and the matching end of that key on the same connection, and is one of the events Kompress's scripts cause
 * ({@code hset}, {@code hdel}, {@code hexpire})</b>. Everything else — an event outside such a pair, any other event
 * inside one ({@code del}, {@code expired}, {@code hexpired}, {@code evicted}, …), an event of another key inside
 * one, a begin that is never ended before the next message of another kind — drops the whole key at once.
 *
 * <p>Why it is sound: a script runs atomically, so no other client's command runs between its two publishes on the
 * node that runs it, and the node sends the notifications and published messages of one execution to a subscriber
 * in the order they happen, on one connection. A replica applies the script's effects (its commands and its
 * {@code PUBLISH}es, in order, inside one {@code MULTI}/{@code EXEC}) from the replication stream, so the same
 * holds there. Keyspace events are sent per command, never coalesced; pipelining, {@code MULTI}/{@code EXEC} and
 * other scripts of other clients produce events outside any begin/end pair. This does not hold in Cluster, where
 * {@code PUBLISH} travels over the cluster bus apart from the replication stream: Cluster never uses it.
 */
final class WriteAttribution {

    /** Channel prefix of the announcements. */
    static final String CHANNEL_PREFIX = WriteAnnouncement.CHANNEL_PREFIX;
    /** Channel prefix of the keyspace events of database 0. */
    static final String KEYSPACE_PREFIX = "__keyspace@0__:";

    private static final Set<String> KOMPRESS_EVENTS = Set.of("hset", "hdel", "hexpire");

    /** What the stream found. */
    interface Sink {
        /** A change of {@code key} not proven to be Kompress's: every entry of it goes. */
        void wholeKey(String key);

        /** Kompress's write {@code stamp} changed {@code fields} of {@code key}, and nothing else. */
        void fields(String key, String stamp, List<String> fields);
    }

    private final Sink sink;
    private String openKey;
    private String openStamp;

    WriteAttribution(Sink sink) {
        this.sink = sink;
    }

    /** A keyspace event {@code event} of {@code key}. */
    void event(String key, String event) {
        if (!(key.equals(openKey) && KOMPRESS_EVENTS.contains(event))) {
            sink.wholeKey(key);
        }
    }

    /** An announcement on {@code key}'s channel. */
    void announcement(String key, byte[] payload) {
        if (payload.length > 0 && payload[0] == 'b') {
            breakOpen();
            openKey = key;
            openStamp = new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8);
            return;
        }
        Ended end = ended(payload);
        if (end == null) {
            breakOpen();
            sink.wholeKey(key);
            return;
        }
        if (!(key.equals(openKey) && end.stamp.equals(openStamp))) {
            breakOpen(); // events since that begin, if any, are not proven to be this write's
        }
        openKey = null;
        openStamp = null;
        if (!end.fields.isEmpty()) {
            sink.fields(key, end.stamp, end.fields);
        }
    }

    /** Any other message (a heartbeat answer, a tracking report): an open begin was never ended. */
    void other() {
        breakOpen();
    }

    private void breakOpen() {
        if (openKey != null) {
            String k = openKey;
            openKey = null;
            openStamp = null;
            sink.wholeKey(k);
        }
    }

    private record Ended(String stamp, List<String> fields) {
    }

    /** Parses {@code e<stamp>|<length>:<field>...}, or null when it is not that. */
    static Ended ended(byte[] p) {
        if (p.length == 0 || p[0] != 'e') {
            return null;
        }
        int bar = indexOf(p, (byte) '|', 1);
        if (bar < 0) {
            return null;
        }
        String stamp = new String(p, 1, bar - 1, StandardCharsets.UTF_8);
        List<String> fields = new ArrayList<>();
        int i = bar + 1;
        while (i < p.length) {
            int colon = indexOf(p, (byte) ':', i);
            if (colon < 0) {
                return null;
            }
            int len = 0;
            for (int j = i; j < colon; j++) {
                if (p[j] < '0' || p[j] > '9' || len > p.length) {
                    return null;
                }
                len = len * 10 + (p[j] - '0');
            }
            if (colon == i || colon + 1 + len > p.length) {
                return null;
            }
            fields.add(new String(p, colon + 1, len, StandardCharsets.UTF_8));
            i = colon + 1 + len;
        }
        return new Ended(stamp, fields);
    }

    private static int indexOf(byte[] p, byte b, int from) {
        for (int i = from; i < p.length; i++) {
            if (p[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
