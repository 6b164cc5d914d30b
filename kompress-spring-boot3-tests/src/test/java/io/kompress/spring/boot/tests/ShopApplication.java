package io.kompress.spring.boot.tests;

import io.kompress.annotations.HashCached;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A small Boot web application that caches through Kompress with nothing but the starter and two properties. */
@SpringBootApplication
@EnableCaching
public class ShopApplication {

    /** The "database" behind the cache, counting the calls that reach it. */
    public static class UserRepository {
        private final AtomicInteger loads = new AtomicInteger();

        /** Calls that reached the database. */
        public int loads() {
            return loads.get();
        }

        /** A user, cached in the hash {@code users}. */
        @Cacheable("users")
        public User find(long id) {
            loads.incrementAndGet();
            return new User(id, "user-" + id);
        }

        /** The same, from a cache configured to throw when Redis cannot answer. */
        @Cacheable("strict")
        public User strict(long id) {
            loads.incrementAndGet();
            return new User(id, "strict-" + id);
        }
    }

    /** A price, cached by a woven {@code @HashCached} method rather than by Spring's abstraction. */
    public record Price(String sku, long cents) {
    }

    /** Prices, cached with {@code @HashCached} in the same application (compile-time woven). */
    public static class Prices {
        private final AtomicInteger loads = new AtomicInteger();

        /** Calls that reached the "database". */
        public int loads() {
            return loads.get();
        }

        /** A price, cached in the hash {@code prices} through the context's cache. */
        @HashCached(key = "prices", field = "#sku")
        public Price price(String sku) {
            loads.incrementAndGet();
            return new Price(sku, 100L * sku.length());
        }
    }

    /** Serves users as JSON. */
    @RestController
    public static class Users {
        private final UserRepository repository;
        private final Prices prices;

        Users(UserRepository repository, Prices prices) {
            this.repository = repository;
            this.prices = prices;
        }

        @GetMapping("/prices/{sku}")
        Price price(@PathVariable String sku) {
            return prices.price(sku);
        }

        @GetMapping("/users/{id}")
        User user(@PathVariable long id) {
            return repository.find(id);
        }

        @GetMapping("/strict/{id}")
        User strict(@PathVariable long id) {
            return repository.strict(id);
        }
    }

    @Bean
    UserRepository userRepository() {
        return new UserRepository();
    }

    @Bean
    Prices prices() {
        return new Prices();
    }
}
