package io.kompress.reliability;

import io.kompress.annotations.HashCached;
import io.kompress.annotations.HashEvict;
import io.kompress.annotations.OnRedisError;
import java.util.concurrent.atomic.LongAdder;

/** The woven service under test: a read-through finder and an evicting update, both with the throwing policy. */
public class ProfileService {

    static final String KEY = "reliability:profiles";

    private final LongAdder loads = new LongAdder();

    /** Loader behind the cache; counts its calls. */
    @HashCached(key = KEY, field = "#id", onRedisError = OnRedisError.THROW)
    public Profile find(long id) {
        loads.increment();
        return Profile.expected(id);
    }

    /** An update that evicts the entry: a write to the primary on every call. */
    @HashEvict(key = KEY, field = "#id", onRedisError = OnRedisError.THROW)
    public void update(long id) {
        // the database write would go here; the eviction is what is measured
    }

    long loads() {
        return loads.sum();
    }
}
