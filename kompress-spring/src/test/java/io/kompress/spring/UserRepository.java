package io.kompress.spring;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;

/** A repository with Spring's cache annotations, counting the calls that reach its "database". */
public class UserRepository {

    private final AtomicInteger loads = new AtomicInteger();
    /** Holds sync loads until released, so that concurrent callers overlap. */
    private volatile CountDownLatch gate = new CountDownLatch(0);

    /** Calls that reached the database (a method, so that it reaches the proxied object). */
    public int loads() {
        return loads.get();
    }

    /** Makes sync loads wait for {@code latch}. */
    public void holdLoads(CountDownLatch latch) {
        gate = latch;
    }

    @Cacheable("users")
    public User find(long id) {
        loads.incrementAndGet();
        return new User(id, "user-" + id);
    }

    @Cacheable(cacheNames = "users", sync = true)
    public User findTogether(long id) throws InterruptedException {
        loads.incrementAndGet();
        gate.await(30, TimeUnit.SECONDS);
        return new User(id, "user-" + id);
    }

    @Cacheable("pages")
    public List<User> page(String tenant, int page) {
        loads.incrementAndGet();
        return List.of(new User(page, tenant + "-a"), new User(page + 1, tenant + "-b"));
    }

    @Cacheable("maybe")
    public Optional<User> maybe(long id) {
        loads.incrementAndGet();
        return Optional.of(new User(id, "maybe-" + id));
    }

    @Cacheable("strict")
    public User strict(long id) {
        loads.incrementAndGet();
        return new User(id, "strict-" + id);
    }

    @Cacheable("quotes")
    public CompletableFuture<User> later(long id) {
        loads.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> new User(id, "later-" + id));
    }

    @Cacheable(cacheNames = "quotes", sync = true)
    public CompletableFuture<User> laterTogether(long id) {
        loads.incrementAndGet();
        return CompletableFuture.supplyAsync(() -> new User(id, "later-" + id));
    }

    @Cacheable("hot")
    public User hot(long id) {
        loads.incrementAndGet();
        return new User(id, "hot-" + id);
    }

    @CachePut(cacheNames = "users", key = "#user.id()")
    public User save(User user) {
        return user;
    }

    @CacheEvict("users")
    public void delete(long id) {
    }

    @CacheEvict(cacheNames = "users", allEntries = true)
    public void deleteAll() {
    }
}
