package io.kompress.reliability;

import io.kompress.annotations.HashCached;
import io.kompress.annotations.HashEvict;
import io.kompress.annotations.OnRedisError;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The woven service under test: a read-through finder and an evicting update, both with the throwing policy, over
 * an in-memory "database" of versions (ids below {@value #MAX_IDS}).
 */
public class ProfileService {

    static final String KEY = "reliability:profiles";

    static final int MAX_IDS = 10_000;

    private final LongAdder loads = new LongAdder();
    private final AtomicIntegerArray versions = new AtomicIntegerArray(MAX_IDS);

    /** Loader behind the cache; counts its calls. */
    @HashCached(key = KEY, field = "#id", onRedisError = OnRedisError.THROW)
    public Profile find(long id) {
        loads.increment();
        return Profile.expected(id, versions.get((int) id));
    }

    /** An update: the database row's version goes up, then the entry is evicted (a write to the primary). */
    @HashEvict(key = KEY, field = "#id", onRedisError = OnRedisError.THROW)
    public void update(long id) {
        versions.incrementAndGet((int) id);
    }

    /** The database's current version of a row. */
    int version(long id) {
        return versions.get((int) id);
    }

    long loads() {
        return loads.sum();
    }
}
