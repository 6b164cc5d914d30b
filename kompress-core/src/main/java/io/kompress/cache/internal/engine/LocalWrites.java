package io.kompress.cache.internal.engine;

import io.kompress.cache.internal.near.NearCache;
import io.kompress.cache.internal.near.Stamps;
import java.util.Collection;
import java.util.List;

/**
 * The near-cache side of this instance's writes: each write gets a stamp; before it is sent its fields leave this
 * JVM's near cache and are read from the primary until every node reports the write (so a caller reads its own
 * write); after it returns the near cache is told, and may keep the value it stored (see {@link NearCache#putOwn}).
 * Without a near cache it only hands out stamps.
 */
final class LocalWrites {

    private final NearCache near;
    private final Stamps stamps;

    LocalWrites(NearCache near, Stamps stamps) {
        this.near = near;
        this.stamps = stamps;
    }

    /** A write of {@code fields} of {@code key} is about to be sent: its stamp. */
    String start(String key, List<String> fields) {
        String stamp = stamps.next();
        if (near != null) {
            near.writing(key, fields, stamp);
        }
        return stamp;
    }

    /**
     * The write returned (or failed).
     *
     * @param announced false when Redis refused it, so no node will report it
     */
    void finish(String key, List<String> fields, String stamp, boolean announced) {
        if (near != null) {
            near.written(key, fields, stamp, announced);
        }
    }

    /** Whether a read of {@code field} must go to the primary to see this instance's own write. */
    boolean primaryOnly(String key, String field) {
        return near != null && near.primaryOnly(key, field);
    }

    /** Whether a read of any of {@code fields} must go to the primary (then one read of them all goes there). */
    boolean primaryOnly(String key, Collection<String> fields) {
        if (near != null) {
            for (String f : fields) {
                if (near.primaryOnly(key, f)) {
                    return true;
                }
            }
        }
        return false;
    }
}
