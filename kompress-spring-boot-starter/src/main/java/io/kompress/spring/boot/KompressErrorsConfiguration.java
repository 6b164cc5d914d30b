package io.kompress.spring.boot;

import io.kompress.cache.errors.KompressCacheException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps a Redis failure that reaches a Spring MVC controller (a cache that throws rather than fails open) to its
 * status: {@code 503} unavailable, {@code 504} timeout, {@code 500} anything else, as an RFC 9457 problem naming
 * the operation and the node, never a value.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
class KompressErrorsConfiguration {

    @Bean
    @ConditionalOnMissingBean
    KompressErrorAdvice kompressErrorAdvice() {
        return new KompressErrorAdvice();
    }

    /** The advice itself. */
    @RestControllerAdvice
    static class KompressErrorAdvice {

        @ExceptionHandler(KompressCacheException.class)
        ProblemDetail redisFailed(KompressCacheException e) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(e.statusCode()),
                e.getMessage());
            problem.setTitle("Cache unavailable");
            problem.setProperty("operation", e.operation());
            problem.setProperty("node", e.node());
            return problem;
        }
    }
}
