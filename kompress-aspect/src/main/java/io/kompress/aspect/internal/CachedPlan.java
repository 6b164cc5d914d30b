package io.kompress.aspect.internal;

import io.kompress.annotations.HashCached;
import io.kompress.cache.CacheModel;
import io.kompress.cache.CachePolicy;
import io.kompress.cache.KompressCache;
import io.kompress.cache.Loadable;
import io.kompress.cache.internal.util.Sneaky;
import io.kompress.cache.internal.woven.DefaultCache;
import io.kompress.cache.internal.woven.NearLookups;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.aspectj.lang.ProceedingJoinPoint;
import org.jspecify.annotations.Nullable;

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
    /** The constant hash key when a near hit can be answered from the first argument alone, else null. */
    private final String nearKey;
    private final Class<?> declaringClass;

    private CachedPlan(Class<?> declaringClass, Template key, Template field, CacheModel<Object> model,
                       ReturnShape shape, CachePolicy policy) {
        this.declaringClass = declaringClass;
        this.key = key;
        this.field = field;
        this.model = model;
        this.shape = shape;
        this.policy = policy;
        this.nearKey = policy.nearCache() && shape != ReturnShape.FUTURE
            && (field.isFirstParameter() || field.constant() != null) ? key.constant() : null;
    }

    static CachedPlan of(Method method, String[] parameterNames, HashCached annotation) {
        MethodShape params = MethodShape.of(method, parameterNames);
        ReturnShape shape = ReturnShape.of(method);
        CacheModel<Object> model = shape.model(method, annotation.model(), params.description());
        return new CachedPlan(method.getDeclaringClass(), Template.parse(annotation.key(), "key", params),
            Template.parse(annotation.field(), "field", params), model, shape,
            AnnotationPolicy.of(annotation, params.description(), shape));
    }

    Object invoke(ProceedingJoinPoint pjp) {
        Object[] args = pjp.getArgs();
        String k = key.evaluate(args);
        String f = field.evaluate(args);
        KompressCache cache = DefaultCache.get();
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

    /**
     * Whether a call on {@code target} runs this plan's method: an object of a subclass may run an override, which
     * may cache elsewhere or not at all.
     */
    boolean runsOn(@Nullable Object target) {
        return target == null || target.getClass() == declaringClass;
    }

    /**
     * The near hit of a call whose field is its first argument, {@code number}, or {@link NearLookups#MISS}
     * when the full path must answer (see {@link NearHits}).
     */
    Object nearHit(long number) {
        if (field.constant() != null) {
            return nearHit((Object) null);
        }
        NearLookups near = nearKey == null ? null : DefaultCache.target().near();
        if (near == null) {
            return NearLookups.MISS;
        }
        return shaped(near.nearHit(nearKey, number, model, policy));
    }

    /** {@link #nearHit(long)} for a reference argument, or for a method whose field is constant. */
    Object nearHit(@Nullable Object argument) {
        NearLookups near = nearKey == null ? null : DefaultCache.target().near();
        if (near == null) {
            return NearLookups.MISS;
        }
        String constant = field.constant();
        Object held;
        if (constant != null) {
            held = near.nearHit(nearKey, constant, model, policy);
        } else if (argument == null) {
            return NearLookups.MISS; // the full path reports the null
        } else if (argument instanceof String s) {
            held = near.nearHit(nearKey, s, model, policy);
        } else if (argument instanceof Long || argument instanceof Integer || argument instanceof Short
            || argument instanceof Byte) {
            held = near.nearHit(nearKey, ((Number) argument).longValue(), model, policy);
        } else {
            held = near.nearHit(nearKey, String.valueOf(argument), model, policy);
        }
        return shaped(held);
    }

    private Object shaped(@Nullable Object held) {
        if (held == NearLookups.MISS || shape != ReturnShape.OPTIONAL) {
            return held;
        }
        return Optional.ofNullable(held);
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
