package io.kompress.bench;

import io.kompress.cache.CachePolicy;
import io.kompress.spring.CacheSettings;
import io.kompress.spring.KompressCacheManager;
import io.kompress.spring.KompressCacheResolver;
import io.kompress.spring.KompressKeyGenerator;
import io.lettuce.core.ReadFrom;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.cache.Cache;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.KeyGenerator;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.connection.RedisStaticMasterReplicaConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.serializer.Jackson2JsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializationContext.SerializationPair;
import redis.clients.jedis.Jedis;

/**
 * The same user lookup through Spring's {@code @Cacheable}: over Kompress ({@link KompressCacheManager}, a replica
 * hit and a near hit) and over Spring Data Redis ({@link RedisCacheManager} on Lettuce reading replicas, Jackson
 * values, then the same Bean Validation every other contender does). Each is a Spring application context with
 * caching enabled and a proxied repository whose method is never reached: every measured call is a hit.
 */
@OutputTimeUnit(TimeUnit.SECONDS)
public class SpringBenchmarks {

    /** The repository each context proxies; its body runs only on a miss, which no measured call makes. */
    public static class UserRepository {
        /**
         * A user by id.
         *
         * @param id the id
         * @return never: the benchmark expects hits only
         */
        @Cacheable("users")
        public User find(String id) {
            throw new IllegalStateException("a miss for user " + id + ": the benchmark expects hits only");
        }
    }

    /** Kompress behind Spring's cache abstraction, as the Boot starter sets it up (the manager is registered). */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class KompressConfig implements CachingConfigurer {
        private final KompressCacheManager manager;

        KompressConfig(KompressCacheManager manager) {
            this.manager = manager;
        }

        @Override
        public CacheResolver cacheResolver() {
            return new KompressCacheResolver(manager);
        }

        @Override
        public KeyGenerator keyGenerator() {
            return new KompressKeyGenerator();
        }

        @Bean
        UserRepository userRepository() {
            return new UserRepository();
        }
    }

    /** Spring Data Redis's cache manager, as its documentation sets it up, reading replicas. */
    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class SpringDataRedisConfig {
        @Bean(destroyMethod = "destroy")
        LettuceConnectionFactory connectionFactory() {
            RedisStaticMasterReplicaConfiguration servers = new RedisStaticMasterReplicaConfiguration(
                BenchRedis.primary().host(), BenchRedis.primary().port());
            BenchRedis.replicas().forEach(r -> servers.addNode(r.host(), r.port()));
            LettuceConnectionFactory factory = new LettuceConnectionFactory(servers,
                LettuceClientConfiguration.builder().readFrom(ReadFrom.REPLICA).commandTimeout(Contenders.TIMEOUT)
                    .build());
            factory.afterPropertiesSet();
            return factory;
        }

        @Bean
        RedisCacheManager cacheManager(LettuceConnectionFactory factory) {
            return RedisCacheManager.builder(factory).cacheDefaults(RedisCacheConfiguration.defaultCacheConfig()
                .serializeValuesWith(SerializationPair.fromSerializer(new Jackson2JsonRedisSerializer<>(User.class))))
                .build();
        }

        @Bean
        UserRepository userRepository() {
            return new UserRepository();
        }
    }

    /** A started context and its proxied repository. */
    @SuppressWarnings("checkstyle:VisibilityModifier") // JMH state: fields read directly on the measured path
    abstract static class SpringApp {
        AnnotationConfigApplicationContext context;
        UserRepository users;

        void start(Class<?> config, KompressCacheManager manager) {
            context = new AnnotationConfigApplicationContext();
            if (manager != null) {
                context.registerBean(KompressCacheManager.class, () -> manager);
            }
            context.register(config);
            context.refresh();
            users = context.getBean(UserRepository.class);
        }

        /** Closes the context. */
        @TearDown(Level.Trial)
        public void close() {
            context.close();
        }
    }

    /** Kompress's manager over the contenders' cache: {@code users} read from a replica. */
    @State(Scope.Benchmark)
    public static class KompressReplica extends SpringApp {
        /**
         * Starts the context.
         *
         * @param c the contenders (their cache)
         */
        @Setup(Level.Trial)
        public void start(Contenders c) {
            start(KompressConfig.class, KompressCacheManager.builder(c.cache)
                .cache("users", new CacheSettings(User.class, CachePolicy.none())).build());
        }
    }

    /** The same with the near cache on, every user read once so that each call is a near hit. */
    @State(Scope.Benchmark)
    public static class KompressNear extends SpringApp {
        /**
         * Starts the context and warms the near cache.
         *
         * @param c the contenders (their cache)
         * @throws InterruptedException when interrupted while waiting for the near cache to fill
         */
        @Setup(Level.Trial)
        public void start(Contenders c) throws InterruptedException {
            start(KompressConfig.class, KompressCacheManager.builder(c.cache)
                .cache("users", new CacheSettings(User.class, CachePolicy.builder().nearCache().build())).build());
            c.warmNear(users::find);
        }
    }

    /** Spring Data Redis, its entries ({@code users::<id>} strings) written once and replicated. */
    @State(Scope.Benchmark)
    @SuppressWarnings("checkstyle:VisibilityModifier")
    public static class SpringDataRedis extends SpringApp {
        Validator validator;

        /**
         * Starts the context and stores every user through Spring Data Redis's own cache.
         *
         * @param c the contenders (the ids)
         */
        @Setup(Level.Trial)
        public void start(Contenders c) {
            validator = Validation.buildDefaultValidatorFactory().getValidator();
            start(SpringDataRedisConfig.class, null);
            Cache users = context.getBean(CacheManager.class).getCache("users");
            for (String id : c.ids) {
                users.put(id, User.sample(Long.parseLong(id)));
            }
            try (Jedis primary = new Jedis(BenchRedis.primary().host(), BenchRedis.primary().port())) {
                long acked = primary.waitReplicas(BenchRedis.replicas().size(), 10_000);
                if (acked < BenchRedis.replicas().size()) {
                    throw new IllegalStateException("replicas did not confirm Spring Data Redis's entries");
                }
            }
        }
    }

    /**
     * {@code @Cacheable} over Kompress: a replica hit, parsed and validated by Kompress.
     *
     * @param c   the contenders (the ids)
     * @param app the context
     * @return the user
     */
    @Benchmark
    public User springKompress(Contenders c, KompressReplica app) {
        return app.users.find(c.ids[ThreadLocalRandom.current().nextInt(c.ids.length)]);
    }

    /**
     * {@code @Cacheable} over Kompress with the near cache: a hit answered from memory.
     *
     * @param c   the contenders (the ids)
     * @param app the context
     * @return the user
     */
    @Benchmark
    public User springKompressNear(Contenders c, KompressNear app) {
        return app.users.find(c.ids[ThreadLocalRandom.current().nextInt(c.ids.length)]);
    }

    /**
     * {@code @Cacheable} over Spring Data Redis: a replica hit, parsed by Jackson, then validated.
     *
     * @param c   the contenders (the ids)
     * @param app the context
     * @return the user
     */
    @Benchmark
    public User springDataRedis(Contenders c, SpringDataRedis app) {
        return Contenders.validated(app.validator,
            app.users.find(c.ids[ThreadLocalRandom.current().nextInt(c.ids.length)]));
    }
}
