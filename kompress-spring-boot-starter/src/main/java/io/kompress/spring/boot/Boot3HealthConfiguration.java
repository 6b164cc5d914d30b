package io.kompress.spring.boot;

import io.kompress.cache.KompressCache;
import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The health indicator {@code kompress} on Boot 3, whose actuator has {@code actuate.health}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
class Boot3HealthConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "kompressHealthIndicator")
    HealthIndicator kompressHealthIndicator(KompressCache cache) {
        return () -> {
            List<io.kompress.cache.observability.NodeHealth> nodes = cache.health();
            return (KompressHealth.up(nodes) ? Health.up() : Health.down())
                .withDetails(KompressHealth.details(nodes)).build();
        };
    }
}
