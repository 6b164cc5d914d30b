package io.kompress.aspect;

import io.kompress.annotations.HashCached;
import io.kompress.annotations.HashEvict;
import io.kompress.annotations.OnRedisError;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A woven fixture: every way a user may put the annotations on methods. Counts how often each body runs. */
public class UserService {

    static final ConcurrentHashMap<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();

    static int calls(String method) {
        AtomicInteger n = CALLS.get(method);
        return n == null ? 0 : n.get();
    }

    private static void count(String method) {
        CALLS.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    @HashCached(key = "users", field = "#id")
    public User find(long id) {
        count("find");
        return new User(id, "user-" + id, "user" + id + "@example.com");
    }

    /** Calls {@link #find} on {@code this}: cached only because weaving happens at compile time. */
    public User findViaSelf(long id) {
        return this.find(id);
    }

    @HashCached(key = "users:static", field = "#p0")
    public static User findStatic(long id) {
        count("findStatic");
        return new User(id, "static-" + id, "s@example.com");
    }

    public User findViaPrivate(long id) {
        return findPrivately(id);
    }

    @HashCached(key = "users:private", field = "#a0")
    private User findPrivately(long id) {
        count("findPrivately");
        return new User(id, "private-" + id, "p@example.com");
    }

    @HashCached(key = "teams", field = "#team")
    public List<User> members(String team) {
        count("members");
        return List.of(new User(1, "ann", "ann@example.com"), new User(2, "bob", "bob@example.com"));
    }

    @HashCached(key = "users:opt", field = "#id")
    public Optional<User> maybe(long id) {
        count("maybe");
        return id < 0 ? Optional.empty() : Optional.of(new User(id, "opt", "o@example.com"));
    }

    @HashCached(key = "users:async", field = "#id")
    public CompletableFuture<User> async(long id) {
        count("async");
        return CompletableFuture.supplyAsync(() -> new User(id, "async", "a@example.com"));
    }

    @HashCached(key = "counters", field = "#name")
    public int counter(String name) {
        count("counter");
        return 42;
    }

    @HashCached(key = "users:#tenant.code", field = "#tenant.region.name:#id")
    public User inTenant(Tenant tenant, long id) {
        count("inTenant");
        return new User(id, tenant.getCode(), "t@example.com");
    }

    @HashCached(key = "users", field = "#id")
    public User failing(long id) throws IOException {
        count("failing");
        throw new IOException("database unavailable");
    }

    @HashCached(key = "users:null", field = "#id")
    public User nothing(long id) {
        count("nothing");
        return null;
    }

    @HashCached(key = "users:slow", field = "#id")
    public User slow(long id) throws InterruptedException {
        count("slow");
        Thread.sleep(300);
        return new User(id, "slow", "slow@example.com");
    }

    @HashCached(key = "users:throwing", field = "#id", onRedisError = OnRedisError.THROW)
    public User strict(long id) {
        count("strict");
        return new User(id, "strict", "strict@example.com");
    }

    @HashCached(key = "users:invalid", field = "#id")
    public User invalidFromDatabase(long id) {
        count("invalidFromDatabase");
        return new User(id, "", "not-an-email");
    }

    @HashEvict(key = "users", field = "#user.id")
    public void save(User user) {
        count("save");
    }

    @HashEvict(key = "users", field = "#id")
    public void saveAndFail(long id) {
        throw new IllegalStateException("save failed");
    }

    @HashCached(key = "users", field = "#nope")
    public User badParameter(long id) {
        return null;
    }

    @HashCached(key = "users", field = "#tenant.missing")
    public User badProperty(Tenant tenant) {
        return null;
    }

    @HashCached(key = "users", field = "#name")
    public User byName(String name) {
        count("byName");
        return new User(0, name, "n@example.com");
    }
}
