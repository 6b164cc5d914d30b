package io.kompress.spring.boot;

import io.kompress.cache.KompressCache;
import io.kompress.cache.observability.NodeHealth;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health indicator {@code kompress} on Boot 4, whose health API moved to {@code health.contributor}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
class Boot4HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kompressHealthIndicator")
    HealthIndicator kompressHealthIndicator(KompressCache cache) {
        return () -> {
            List<NodeHealth> nodes = cache.health();
            return (KompressHealth.up(nodes) ? Health.up() : Health.down())
                .withDetails(KompressHealth.details(nodes)).build();
        };
    }
}
