package io.kompress.aspect;

import io.kompress.annotations.HashCached;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A woven fixture of near-cached methods, one per parameter form the fast path binds and a few it does not. */
public class NearService {

    static final ConcurrentHashMap<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    static int calls(String method) {
        AtomicInteger n = CALLS.get(method);
        return n == null ? 0 : n.get();
    }

    private static User count(String method, long id) {
        CALLS.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
        return new User(id, method + "-" + id, "u" + id + "@example.com");
    }

    @HashCached(key = "near:long", field = "#id", nearCache = true)
    public User byLong(long id) {
        return count("byLong", id);
    }

    @HashCached(key = "near:int", field = "#id", nearCache = true)
    public User byInt(int id) {
        return count("byInt", id);
    }

    @HashCached(key = "near:boxed", field = "#id", nearCache = true)
    public User byBoxed(Long id) {
        return count("byBoxed", id);
    }

    @HashCached(key = "near:name", field = "#name", nearCache = true)
    public User byName(String name) {
        return count("byName", name.length());
    }

    @HashCached(key = "near:config", field = "current", nearCache = true)
    public User current() {
        return count("current", 1);
    }

    @HashCached(key = "near:opt", field = "#id", nearCache = true)
    public Optional<User> maybe(long id) {
        count("maybe", id);
        return Optional.of(new User(id, "opt", "o@example.com"));
    }

    /** Two parameters: no fast path, the near cache still answers through the full one. */
    @HashCached(key = "near:pair", field = "#tenant:#id", nearCache = true)
    public User inTenant(String tenant, long id) {
        return count("inTenant", id);
    }

    /** A field built from more than the argument: no fast path either. */
    @HashCached(key = "near:prefixed", field = "u#id", nearCache = true)
    public User prefixed(long id) {
        return count("prefixed", id);
    }

    @HashCached(key = "near:async", field = "#id", nearCache = true)
    public CompletableFuture<User> async(long id) {
        return CompletableFuture.completedFuture(count("async", id));
    }

    /** Not near-cached: every call reads Redis. */
    @HashCached(key = "near:off", field = "#id")
    public User notNear(long id) {
        return count("notNear", id);
    }
}
