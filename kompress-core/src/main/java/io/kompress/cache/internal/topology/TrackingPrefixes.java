package io.kompress.cache.internal.topology;

import io.kompress.cache.internal.util.Log;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The hash keys one node is asked to report changes of, and the shortest list of {@code BCAST} prefixes that
 * covers them (Redis refuses two prefixes of which one starts the other).
 *
 * <p>Bounded at {@value #MAX_KEYS} keys: in broadcast mode Redis compares every written key with every
 * registered prefix, so a key template with many values must not register each. Keys beyond the bound are
 * read from Redis as if the near cache were off (logged once).
 */
final class TrackingPrefixes {

    /** Most keys registered per node. */
    static final int MAX_KEYS = 1000;

    private final Set<String> keys = new TreeSet<>();
    private boolean warned;

    /**
     * Registers a key.
     *
     * @return true when it was not registered before (the stream must be reopened to cover it)
     */
    synchronized boolean add(String key) {
        if (keys.contains(key)) {
            return false;
        }
        if (keys.size() >= MAX_KEYS) {
            if (!warned) {
                warned = true;
                Log.LOG.warn("Near cache: more than {} hash keys on one node; hash key {} and later new keys are read "
                    + "from Redis only (broadcast tracking compares every write with every key)", MAX_KEYS, key);
            }
            return false;
        }
        keys.add(key);
        return true;
    }

    /** Every registered key, for the connection about to track them. */
    synchronized Set<String> all() {
        return Set.copyOf(keys);
    }

    /** The registered keys without those another registered key is a prefix of, sorted. */
    static List<String> minimal(Set<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : new TreeSet<>(keys)) {
            // sorted: a prefix comes right before the keys it starts, so comparing with the last kept one is enough
            if (out.isEmpty() || !k.startsWith(out.get(out.size() - 1))) {
                out.add(k);
            }
        }
        return out;
    }
}
