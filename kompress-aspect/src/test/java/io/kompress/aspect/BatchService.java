package io.kompress.aspect;

import io.kompress.annotations.HashCachedBatch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** Woven batch methods: each records the collection its body was called with. */
public class BatchService {

    private final List<Collection<?>> calls = new CopyOnWriteArrayList<>();

    /** The collections the bodies ran with, in order; the test clears it. */
    List<Collection<?>> calls() {
        return calls;
    }

    @HashCachedBatch(key = "users", ids = "#ids")
    public Map<Long, User> find(List<Long> ids) {
        calls.add(ids);
        Map<Long, User> out = new LinkedHashMap<>();
        for (long id : ids) {
            if (id >= 0) { // negative ids do not exist
                out.put(id, new User(id, "user-" + id, "u" + id + "@example.com"));
            }
        }
        return out;
    }

    @HashCachedBatch(key = "tenants:#tenant", ids = "#names", ttl = "10m", cacheNulls = "1m")
    public Map<String, User> byName(String tenant, Set<String> names) {
        calls.add(names);
        Map<String, User> out = new LinkedHashMap<>();
        long n = 1;
        for (String name : new ArrayList<>(names)) {
            if (!name.startsWith("ghost")) {
                out.put(name, new User(n++, tenant + "-" + name, name + "@example.com"));
            }
        }
        return out;
    }
}
