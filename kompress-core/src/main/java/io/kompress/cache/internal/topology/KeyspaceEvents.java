package io.kompress.cache.internal.topology;

import java.util.List;
import redis.clients.jedis.util.SafeEncoder;

/**
 * The server setting field-granular invalidation needs: {@code notify-keyspace-events} with {@code K} (keyspace
 * channels) and {@code A} (every class of event but key misses and new keys), which a node prints back as
 * {@code AK} (or {@code AKE}, …) once both are on.
 */
final class KeyspaceEvents {

    static final String SETTING = "notify-keyspace-events";
    /** Appended to the current value by {@code CONFIG SET}: the flags are a set, so this adds them. */
    static final String NEEDED = "KA";

    private KeyspaceEvents() {
    }

    /** Whether a value of the setting, as the node prints it, has keyspace events of every class. */
    static boolean complete(String value) {
        return value.indexOf('K') >= 0 && value.indexOf('A') >= 0;
    }

    /** The setting's value in a {@code CONFIG GET} reply ({@code [name, value]}, or a map in RESP3). */
    static String value(Object reply) {
        if (reply instanceof List<?> l && l.size() >= 2) {
            Object v = l.get(1);
            return v instanceof byte[] b ? SafeEncoder.encode(b) : String.valueOf(v);
        }
        return "";
    }
}
