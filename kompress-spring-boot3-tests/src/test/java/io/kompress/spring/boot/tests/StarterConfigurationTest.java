package io.kompress.spring.boot.tests;

import static org.assertj.core.api.Assertions.assertThat;

import io.kompress.cache.KompressCache;
import io.kompress.cache.micrometer.KompressCacheMetrics;
import io.kompress.spring.KompressCacheManager;
import io.kompress.spring.boot.KompressAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The auto-configuration's beans and conditions, without a Redis (the cache connects lazily): property binding,
 * the cache manager only with {@code @EnableCaching}, and backing off when the application defines its own beans.
 */
class StarterConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(KompressAutoConfiguration.class))
        .withPropertyValues("kompress.host=127.0.0.1", "kompress.port=1", "kompress.timeout=300ms");

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class Caching {
    }

    @Configuration(proxyBeanMethods = false)
    @EnableCaching
    static class OwnBeans {
        @Bean(destroyMethod = "close")
        KompressCache myCache() {
            return KompressCache.create(io.kompress.cache.config.KompressConfig.builder().primary("127.0.0.1", 2)
                .build());
        }

        @Bean
        CacheManager myManager() {
            return new ConcurrentMapCacheManager();
        }
    }

    @Test
    void propertiesConfigureTheCacheAndCachingGetsTheKompressManager() {
        runner.withUserConfiguration(Caching.class)
            .withPropertyValues("kompress.caches.users.ttl=10m", "kompress.caches.users.jitter=0.1",
                "kompress.caches.users.near-cache=true", "kompress.pool-size=4")
            .run(context -> {
                assertThat(context).hasSingleBean(KompressCache.class).hasSingleBean(KompressCacheManager.class)
                    .hasSingleBean(CachingConfigurer.class).hasSingleBean(KompressCacheMetrics.class);
                KompressCache cache = context.getBean(KompressCache.class);
                assertThat(cache.config().poolSize()).isEqualTo(4);
                assertThat(cache.config().timeout()).hasMillis(300);
                assertThat(context.getBean(KompressCacheManager.class).getCacheNames()).contains("users");
            });
    }

    @Test
    void withoutEnableCachingThereIsNoCacheManager() {
        runner.run(context -> assertThat(context).hasSingleBean(KompressCache.class)
            .doesNotHaveBean(CacheManager.class));
    }

    @Test
    void theApplicationsOwnBeansWin() {
        runner.withUserConfiguration(OwnBeans.class).run(context -> {
            assertThat(context).hasSingleBean(KompressCache.class).hasBean("myCache")
                .doesNotHaveBean(KompressCacheManager.class).hasBean("myManager");
        });
    }

    @Test
    void anInvalidSettingStopsTheStartNamingIt() {
        runner.withPropertyValues("kompress.failure-policy=sometimes").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("KOMPRESS_FAILURE_POLICY")
                .hasStackTraceContaining("sometimes");
        });
        runner.withUserConfiguration(Caching.class).withPropertyValues("kompress.caches.users.jitter=0.5")
            .run(context -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("Invalid kompress.caches.users.*: "
                    + "jitter needs a ttl");
            });
    }
}
