package io.kompress.aspect.internal;

import io.kompress.annotations.HashCached;
import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.Loadable;
import io.kompress.cache.internal.util.Sneaky;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.aspectj.lang.ProceedingJoinPoint;

/**
 * Everything about one {@code @HashCached} method that does not change between calls: its parsed key and
 * field templates, its model (JSON adapter and validation plan) and its return shape. Built on the first
 * call; each later call only evaluates the templates and asks the cache.
 */
final class CachedPlan {

    private final Template key;
    private final Template field;
    private final CacheModel<Object> model;
    private final ReturnShape shape;
    private final CachePolicy policy; // built once: an annotation's methods are proxy calls

    private CachedPlan(Template key, Template field, CacheModel<Object> model, ReturnShape shape,
                       CachePolicy policy) {
        this.key = key;
        this.field = field;
        this.model = model;
        this.shape = shape;
        this.policy = policy;
    }

    static CachedPlan of(Method method, String[] parameterNames, HashCached annotation) {
        MethodShape params = MethodShape.of(method, parameterNames);
        ReturnShape shape = ReturnShape.of(method);
        CacheModel<Object> model = shape.model(method, annotation.model(), params.description());
        return new CachedPlan(Template.parse(annotation.key(), "key", params),
            Template.parse(annotation.field(), "field", params), model, shape,
            AnnotationPolicy.of(annotation, params.description(), shape));
    }

    Object invoke(ProceedingJoinPoint pjp) {
        Object[] args = pjp.getArgs();
        String k = key.evaluate(args);
        String f = field.evaluate(args);
        KompressCache cache = KompressCache.get();
        switch (shape) {
            case OPTIONAL:
                return Optional.ofNullable(cache.hgetL(k, f, () -> unwrap(proceed(pjp)), model, policy));
            case FUTURE:
                Loadable<CompletionStage<Object>> start = () -> stage(proceed(pjp));
                return cache.hgetLAsync(k, f, start, model, policy);
            default:
                return cache.hgetL(k, f, () -> proceed(pjp), model, policy);
        }
    }

    static Object proceed(ProceedingJoinPoint pjp) {
        try {
            return pjp.proceed();
        } catch (Throwable t) {
            throw Sneaky.rethrow(t);
        }
    }

    private static Object unwrap(Object optional) {
        return optional == null ? null : ((Optional<?>) optional).orElse(null);
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> stage(Object future) {
        return (CompletionStage<Object>) future;
    }
}
