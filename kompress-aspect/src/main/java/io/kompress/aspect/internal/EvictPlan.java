package io.kompress.aspect.internal;

import io.kompress.annotations.HashEvict;
import io.kompress.annotations.OnRedisError;
import io.kompress.cache.KompressCache;
import io.kompress.cache.config.FailurePolicy;
import io.kompress.cache.errors.KompressCacheException;
import io.kompress.cache.internal.util.Log;
import io.kompress.cache.internal.woven.DefaultCache;
import java.lang.reflect.Method;
import java.util.concurrent.CompletionStage;
import org.aspectj.lang.ProceedingJoinPoint;

/** The parsed templates of one {@code @HashEvict} method, and the delete that follows a normal return. */
final class EvictPlan {

    private final Template key;
    private final Template field;
    private final OnRedisError onRedisError;
    private final String description;

    private EvictPlan(Template key, Template field, OnRedisError onRedisError, String description) {
        this.key = key;
        this.field = field;
        this.onRedisError = onRedisError;
        this.description = description;
    }

    static EvictPlan of(Method method, String[] parameterNames, HashEvict annotation) {
        MethodShape params = MethodShape.of(method, parameterNames);
        return new EvictPlan(Template.parse(annotation.key(), "key", params),
            Template.parse(annotation.field(), "field", params), annotation.onRedisError(), params.description());
    }

    Object invoke(ProceedingJoinPoint pjp) {
        Object[] args = pjp.getArgs();
        String k = key.evaluate(args); // before the body, so a bad expression fails before any side effect
        String f = field.evaluate(args);
        Object result = CachedPlan.proceed(pjp);
        if (result instanceof CompletionStage) {
            return ((CompletionStage<?>) result).thenApply(value -> {
                evict(k, f);
                return value;
            });
        }
        evict(k, f);
        return result;
    }

    private void evict(String k, String f) {
        KompressCache cache = DefaultCache.get();
        try {
            cache.hdel(k, f);
        } catch (KompressCacheException e) {
            if (Policies.of(onRedisError, cache) == FailurePolicy.THROW) {
                throw e;
            }
            Log.LOG.warn("@HashEvict on {} could not delete {} {}; the entry stays until reloaded: {}",
                description, k, f, e.getMessage());
        }
    }
}
