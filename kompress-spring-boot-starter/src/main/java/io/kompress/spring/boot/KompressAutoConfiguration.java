package io.kompress.spring.boot;

import io.kompress.cache.KompressCache;
import io.kompress.cache.config.KompressConfig;
import io.kompress.cache.micrometer.KompressCacheMetrics;
import io.kompress.spring.KompressCacheManager;
import io.kompress.spring.KompressCacheResolver;
import io.kompress.spring.KompressKeyGenerator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.cache.interceptor.CacheResolver;
import org.springframework.cache.interceptor.KeyGenerator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.util.ClassUtils;

/**
 * Kompress Cache in a Spring Boot application (Boot 3.5 and 4.0): the {@link KompressCache} from
 * {@link KompressProperties} and the environment, closed with the context; when the application enables caching
 * ({@code @EnableCaching}), the {@link KompressCacheManager} and a {@link CachingConfigurer} that types each cache by
 * its method's return type and makes field-shaped keys; a health indicator per Boot line; Micrometer meters; and the
 * 503/504/500 mapping of Redis failures in Spring MVC. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(beforeName = {"org.springframework.boot.autoconfigure.cache.CacheAutoConfiguration",
    "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration"})
@EnableConfigurationProperties(KompressProperties.class)
@Import({Boot3HealthConfiguration.class, Boot4HealthConfiguration.class, KompressErrorsConfiguration.class})
public class KompressAutoConfiguration {

    /** Made by Spring. */
    public KompressAutoConfiguration() {
    }

    /**
     * The cache, configured by {@code kompress.*} over the {@code REDIS_*} variables; it connects lazily, so a Redis
     * that is down does not stop the application (the health indicator says so, read-through fails open).
     *
     * @param properties the properties
     * @return the cache, closed when the context closes
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public KompressCache kompressCache(KompressProperties properties) {
        ClassLoader loader = KompressAutoConfiguration.class.getClassLoader();
        if (!ClassUtils.isPresent("redis.clients.jedis.RedisClient", loader)) {
            throw new IllegalStateException("Kompress Cache needs Jedis 7.5 or later, and this application resolves an "
                + "older one: Spring Boot manages it, so set the property jedis.version to 7.5.0 (or declare "
                + "redis.clients:jedis:7.5.0 in dependencyManagement)");
        }
        return KompressCache.create(KompressConfig.fromEnv(PropertyVariables.variables(properties, System.getenv())));
    }

    /**
     * Makes the context's cache the one {@code @HashCached} methods use ({@link KompressCache#setDefault}) while the
     * context runs, so that woven methods and {@code @Cacheable} ones share one cache, its connections and near
     * cache; the default is cleared when the context closes.
     *
     * @param cache the context's cache
     * @return the registration, undone on close
     */
    @Bean
    public DefaultCacheRegistration kompressDefaultCache(KompressCache cache) {
        return new DefaultCacheRegistration(cache);
    }

    /** {@link #kompressDefaultCache}: sets the process-wide default on creation, clears it on close. */
    public static final class DefaultCacheRegistration implements AutoCloseable {

        DefaultCacheRegistration(KompressCache cache) {
            KompressCache.setDefault(cache);
        }

        /** Clears the default (the context's cache is closed by its own bean). */
        @Override
        public void close() {
            KompressCache.setDefault(null);
        }
    }

    /** The Spring cache manager and its configurer, when the application enables caching. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(CacheAspectSupport.class)
    static class Caching {

        @Bean
        @ConditionalOnMissingBean(CacheManager.class)
        KompressCacheManager cacheManager(KompressCache cache, KompressProperties properties) {
            KompressCacheManager.Builder b = KompressCacheManager.builder(cache)
                .dynamicCaches(properties.dynamicCaches());
            properties.caches().forEach((name, c) -> b.cache(name, PropertyVariables.settings(name, c)));
            return b.build();
        }

        @Bean
        @ConditionalOnMissingBean(CachingConfigurer.class)
        @ConditionalOnBean(KompressCacheManager.class)
        CachingConfigurer kompressCachingConfigurer(KompressCacheManager manager) {
            return new CachingConfigurer() {
                @Override
                public CacheManager cacheManager() {
                    return manager;
                }

                @Override
                public CacheResolver cacheResolver() {
                    return new KompressCacheResolver(manager);
                }

                @Override
                public KeyGenerator keyGenerator() {
                    return new KompressKeyGenerator();
                }
            };
        }
    }

    /** Micrometer meters for the cache, bound to the application's registry like every MeterBinder bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        KompressCacheMetrics kompressCacheMetrics(KompressCache cache) {
            return new KompressCacheMetrics(cache);
        }
    }
}
