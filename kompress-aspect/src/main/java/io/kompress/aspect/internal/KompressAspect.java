package io.kompress.aspect.internal;

import io.kompress.annotations.HashCached;
import io.kompress.annotations.HashCachedBatch;
import io.kompress.annotations.HashEvict;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.annotation.DeclareError;
import org.aspectj.lang.annotation.SuppressAjWarnings;
import org.aspectj.lang.reflect.MethodSignature;
import org.jspecify.annotations.Nullable;

/**
 * The AspectJ aspect that implements {@link HashCached} and {@link HashEvict}. Applications do not use this
 * class: they annotate methods and weave this library in (see the README); it is public only because the
 * weaver requires it.
 *
 * <p>The annotation is bound in the pointcut, so no annotation lookup happens per call; the per-method plan
 * (parsed expressions, model, return shape) is built on the first call of each method and found again by
 * the identity of the join point's static part.
 */
@Aspect
public final class KompressAspect {

    /** Made by the AspectJ runtime, once ({@code aspectOf()}); applications never create one. */
    public KompressAspect() {
    }

    /** Reported by the weaver for a {@code @HashCached} method that returns nothing. */
    @DeclareError("execution(void *(..)) && @annotation(io.kompress.annotations.HashCached)")
    static final String VOID_CACHED = "@HashCached needs a result to cache; a void method cannot be cached";

    private static final ConcurrentHashMap<JoinPoint.StaticPart, CachedPlan> CACHED = new ConcurrentHashMap<>();
    /** The same plans by method, for {@link NearHits}, which meets them at call sites. */
    private static final ConcurrentHashMap<Method, CachedPlan> CACHED_BY_METHOD = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<JoinPoint.StaticPart, EvictPlan> evicts = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<JoinPoint.StaticPart, BatchPlan> batches = new ConcurrentHashMap<>();

    /**
     * Read-through around a {@code @HashCached} method.
     *
     * @param pjp        the call
     * @param hashCached the method's annotation
     * @return the cached or loaded result
     */
    @SuppressAjWarnings("adviceDidNotMatch") // a project with no @HashCached method is not an error
    @Around(value = "execution(* *(..)) && @annotation(hashCached)", argNames = "pjp,hashCached")
    public Object cached(ProceedingJoinPoint pjp, HashCached hashCached) {
        return plan(CACHED, pjp, hashCached, KompressAspect::cachedPlan).invoke(pjp);
    }

    /**
     * Batch read-through around a {@code @HashCachedBatch} method.
     *
     * @param pjp   the call
     * @param batch the method's annotation
     * @return the map of every id with a value
     */
    @SuppressAjWarnings("adviceDidNotMatch") // most projects have no batch method
    @Around(value = "execution(* *(..)) && @annotation(batch)", argNames = "pjp,batch")
    public Object batch(ProceedingJoinPoint pjp, HashCachedBatch batch) {
        return plan(batches, pjp, batch, BatchPlan::of).invoke(pjp);
    }

    /**
     * Delete-after-return around a {@code @HashEvict} method.
     *
     * @param pjp       the call
     * @param hashEvict the method's annotation
     * @return the method's result
     */
    @SuppressAjWarnings("adviceDidNotMatch") // most projects never use @HashEvict; ajc's warning read like a failure
    @Around(value = "execution(* *(..)) && @annotation(hashEvict)", argNames = "pjp,hashEvict")
    public Object evict(ProceedingJoinPoint pjp, HashEvict hashEvict) {
        return plan(evicts, pjp, hashEvict, EvictPlan::of).invoke(pjp);
    }

    private static CachedPlan cachedPlan(Method method, String[] parameterNames, HashCached annotation) {
        CachedPlan plan = CachedPlan.of(method, parameterNames, annotation);
        CachedPlan known = CACHED_BY_METHOD.putIfAbsent(method, plan);
        return known != null ? known : plan;
    }

    /**
     * The plan of a {@code @HashCached} method, once its first call has built it.
     *
     * @return the plan, or null before the first call
     */
    static @Nullable CachedPlan cachedPlan(Method method) {
        return CACHED_BY_METHOD.get(method);
    }

    /**
     * The plan of this join point's method: a map lookup (no allocation: the factory is a static method
     * reference), built once on the first call.
     */
    private static <A, P> P plan(ConcurrentHashMap<JoinPoint.StaticPart, P> plans, ProceedingJoinPoint pjp,
                                 A annotation, PlanFactory<A, P> factory) {
        JoinPoint.StaticPart sp = pjp.getStaticPart();
        P plan = plans.get(sp);
        if (plan == null) {
            MethodSignature signature = (MethodSignature) sp.getSignature();
            plan = plans.computeIfAbsent(sp,
                k -> factory.build(signature.getMethod(), signature.getParameterNames(), annotation));
        }
        return plan;
    }

    /** Builds a plan from a method, its parameter names and its annotation. */
    @FunctionalInterface
    private interface PlanFactory<A, P> {
        P build(Method method, String[] parameterNames, A annotation);
    }
}
