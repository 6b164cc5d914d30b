package io.kompress.aspect;

import io.kompress.annotations.HashCached;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** A woven fixture for the policy attributes of {@code @HashCached}. */
public class PolicyService {

    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicBoolean databaseDown = new AtomicBoolean();

    int calls() {
        return calls.get();
    }

    void databaseDown(boolean down) {
        databaseDown.set(down);
    }

    private User load(long id) throws IOException {
        int n = calls.incrementAndGet();
        if (databaseDown.get()) {
            throw new IOException("database down");
        }
        return new User(id, "v" + n, "u" + id + "@example.com");
    }

    @HashCached(key = "p:ttl", field = "#id", ttl = "300ms")
    public User shortLived(long id) throws IOException {
        return load(id);
    }

    @HashCached(key = "p:stale", field = "#id", ttl = "200ms", staleIfError = "1h")
    public User staleIfError(long id) throws IOException {
        return load(id);
    }

    @HashCached(key = "p:refresh", field = "#id", ttl = "1s", refreshAhead = 0.5)
    public User refreshed(long id) throws IOException {
        return load(id);
    }

    @HashCached(key = "p:nulls", field = "#id", cacheNulls = "5s")
    public Optional<User> absent(long id) {
        calls.incrementAndGet();
        return Optional.empty();
    }

    @HashCached(key = "p:lock", field = "#id", ttl = "1m", singleFlightAcrossJvms = true, lockWait = "3s")
    public User locked(long id) throws IOException, InterruptedException {
        Thread.sleep(200);
        return load(id);
    }

    @HashCached(key = "p:bad", field = "#id", ttl = "10 minutes")
    public User badTtl(long id) throws IOException {
        return load(id);
    }

    @HashCached(key = "p:bad", field = "#id", ttl = "999999999999d")
    public User hugeTtl(long id) throws IOException {
        return load(id);
    }

    @HashCached(key = "p:bad", field = "#id", jitter = 0.1)
    public User jitterWithoutTtl(long id) throws IOException {
        return load(id);
    }

    @HashCached(key = "p:bad", field = "#id", singleFlightAcrossJvms = true)
    public CompletableFuture<User> lockedFuture(long id) {
        return CompletableFuture.completedFuture(new User(id, "x", "x@example.com"));
    }
}
