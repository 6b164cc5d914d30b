package io.kompress.spring.boot.tests;

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

    /** Serves users as JSON. */
    @RestController
    public static class Users {
        private final UserRepository repository;

        Users(UserRepository repository) {
            this.repository = repository;
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
}
