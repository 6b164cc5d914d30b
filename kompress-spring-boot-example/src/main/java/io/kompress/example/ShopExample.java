package io.kompress.example;

import io.kompress.annotations.HashCached;
import io.kompress.testing.RedisGroup;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Boot web application on Kompress: users through Spring's {@code @Cacheable} (TTL and near cache from
 * {@code application.properties}), prices through a woven {@code @HashCached} method, both on the one
 * {@code KompressCache} the starter makes. With no {@code REDIS_*} variable set it starts a local primary and two
 * replicas first, as the demo does, and stops them on exit.
 */
@SpringBootApplication
@EnableCaching
public class ShopExample {

    /** Made by Spring, as the application's configuration. */
    protected ShopExample() {
    }

    /** A user. */
    public record User(long id, String name) {
    }

    /** A price. */
    public record Price(String sku, long cents) {
    }

    /** Users, cached by Spring's abstraction in the hash {@code users}. */
    @Service
    public static class Users {
        private final AtomicInteger loads = new AtomicInteger();

        /**
         * A user; the body is the "database" and runs on a miss only.
         *
         * @param id the id
         * @return the user
         */
        @Cacheable("users")
        public User find(long id) {
            loads.incrementAndGet();
            return new User(id, "user-" + id);
        }

        int loads() {
            return loads.get();
        }
    }

    /** Prices, cached by a woven {@code @HashCached} method in the hash {@code prices}. */
    @Service
    public static class Prices {
        private final AtomicInteger loads = new AtomicInteger();

        /**
         * A price; the body runs on a miss only.
         *
         * @param sku the product
         * @return its price
         */
        @HashCached(key = "prices", field = "#sku", ttl = "5m")
        public Price price(String sku) {
            loads.incrementAndGet();
            return new Price(sku, 100L * sku.length());
        }

        int loads() {
            return loads.get();
        }
    }

    /** The HTTP API. */
    @RestController
    public static class Api {
        private final Users users;
        private final Prices prices;

        Api(Users users, Prices prices) {
            this.users = users;
            this.prices = prices;
        }

        @GetMapping("/users/{id}")
        User user(@PathVariable long id) {
            return users.find(id);
        }

        @GetMapping("/prices/{sku}")
        Price price(@PathVariable String sku) {
            return prices.price(sku);
        }

        @GetMapping("/loads")
        Map<String, Integer> loads() {
            Map<String, Integer> out = new LinkedHashMap<>();
            out.put("users", users.loads());
            out.put("prices", prices.loads());
            return out;
        }
    }

    /**
     * Starts the application, and first a local Redis when none is configured.
     *
     * @param args Spring Boot's arguments, such as {@code --server.port=8080}
     */
    public static void main(String[] args) {
        Running running = start(System.getenv(), args);
        Runtime.getRuntime().addShutdownHook(new Thread(running::close, "example-shutdown"));
    }

    /**
     * The application and the local Redis it started, if any; closing stops both.
     *
     * @param context the application
     * @param redis   the local primary and replicas, or null on a configured Redis
     */
    public record Running(ConfigurableApplicationContext context, @Nullable RedisGroup redis) implements AutoCloseable {
        @Override
        public void close() {
            context.close();
            if (redis != null) {
                redis.close();
            }
        }
    }

    /**
     * Starts the application on the Redis {@code env} configures, or on a local primary and two replicas.
     *
     * @param env  the environment ({@code REDIS_*} variables)
     * @param args Spring Boot's arguments
     * @return what to close
     */
    public static Running start(Map<String, String> env, String... args) {
        if (env.keySet().stream().anyMatch(n -> n.startsWith("REDIS_"))) {
            return new Running(SpringApplication.run(ShopExample.class, args), null);
        }
        RedisGroup redis = RedisGroup.start(2);
        System.out.println("Local Redis: primary " + redis.primary().address() + ", replicas "
            + redis.replicasHostPort());
        SpringApplication app = new SpringApplication(ShopExample.class);
        app.setDefaultProperties(Map.of("kompress.host", redis.primary().host(),
            "kompress.port", String.valueOf(redis.primary().port()), "kompress.replicas", redis.replicasHostPort()));
        try {
            return new Running(app.run(args), redis);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }
}
