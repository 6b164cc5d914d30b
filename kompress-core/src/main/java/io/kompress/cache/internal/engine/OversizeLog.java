package io.kompress.cache.internal.engine;

import io.kompress.cache.internal.util.Log;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports values over the size limit: one WARN per hash key and direction (cached value seen, loaded value not
 * written), then DEBUG, so a key holding one huge entry does not flood the log. Remembers at most
 * {@value #MAX_KEYS} keys.
 */
final class OversizeLog {

    private static final int MAX_KEYS = 1000;

    private final int maxValueBytes;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    OversizeLog(int maxValueBytes) {
        this.maxValueBytes = maxValueBytes;
    }

    void cached(String key, int bytes) {
        report("cached", key, bytes, "not parsed; the loader answers instead");
    }

    void loaded(String key, int bytes) {
        report("loaded", key, bytes, "returned without caching it");
    }

    private void report(String which, String key, int bytes, String consequence) {
        boolean first = warned.size() < MAX_KEYS && warned.add(which + ' ' + key);
        if (first) {
            Log.LOG.warn("A {} value of {} is {} bytes, over the {}-byte limit (KOMPRESS_MAX_VALUE_BYTES): {}",
                which, key, bytes, maxValueBytes, consequence);
        } else if (Log.LOG.isDebugEnabled()) {
            Log.LOG.debug("A {} value of {} is {} bytes, over the limit: {}", which, key, bytes, consequence);
        }
    }
}
