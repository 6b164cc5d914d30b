package io.kompress.aspect.internal;

import io.kompress.cache.internal.woven.NearLookups;
import java.lang.reflect.Method;
import java.util.concurrent.ConcurrentHashMap;
import org.aspectj.lang.JoinPoint;
import org.aspectj.lang.annotation.SuppressAjWarnings;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Answers a near hit of a {@code @HashCached(nearCache = true)} method at its call site, without allocating.
 *
 * <p>{@link KompressAspect}'s advice on the method's execution gets a new join point and argument array on every
 * call (about 130 bytes, and 200 with its loader); a join point is built for a shadow as soon as any advice there
 * needs one. So this aspect advises the <em>call</em> instead, a shadow of its own: a code-style advice that binds
 * the single argument as declared ({@code long}, {@code int} or a reference), finds the method's plan by the call's
 * static part (a field of the calling class) and asks the near cache directly. ajc inlines it into the caller; a hit
 * builds nothing. Anything but a hit proceeds with the call, whose execution then takes the full path.
 *
 * <p>Calls of a {@code @HashCached} method without the near cache pay one map lookup here before they proceed.
 *
 * <p>The fast path needs the caller woven too (it is when the calling code is built with the same ajc step), a call
 * on an object of exactly the method's class (a subclass may override the method), and a field that is the argument
 * itself or constant; other calls take the full path, which near-caches them all the same.
 *
 * <p>Applications do not use this aspect; it is public because the weaver requires it.
 */
public aspect NearHits {

    /** Plans by call site, found once per site from the plan {@link KompressAspect} built for the method. */
    private static final ConcurrentHashMap<JoinPoint.StaticPart, CachedPlan> SITES = new ConcurrentHashMap<>();

    /**
     * Calls of any {@code @HashCached} method: whether it is near-cached is its plan's to say (an annotation value
     * pattern would be exact, but ajc 1.9 cannot match one on an annotation with a {@code double} member).
     */
    pointcut near(): call(@io.kompress.annotations.HashCached * *(..));

    // Eight advices, deliberately: one per binding form (no argument, long, int, reference) times static or instance
    // call. A code-style advice binds its argument with its declared type, so a long or int parameter is bound
    // without boxing only by an advice declaring that primitive; and target() matches instance calls only, while
    // the target is needed (runsOn) and thisJoinPoint.getTarget() would build the join point this aspect exists to
    // avoid. Each body is one line into the shared hit(...) methods below.
    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target): near() && call(!static * *()) && target(target) {
        Object hit = hit(thisJoinPointStaticPart, target, null);
        return hit != NearLookups.MISS ? hit : proceed(target);
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(): near() && call(static * *()) {
        Object hit = hit(thisJoinPointStaticPart, null, null);
        return hit != NearLookups.MISS ? hit : proceed();
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, long id): near() && call(!static * *(long)) && target(target) && args(id) {
        Object hit = hit(thisJoinPointStaticPart, target, id);
        return hit != NearLookups.MISS ? hit : proceed(target, id);
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(long id): near() && call(static * *(long)) && args(id) {
        Object hit = hit(thisJoinPointStaticPart, null, id);
        return hit != NearLookups.MISS ? hit : proceed(id);
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, int id): near() && call(!static * *(int)) && target(target) && args(id) {
        Object hit = hit(thisJoinPointStaticPart, target, id);
        return hit != NearLookups.MISS ? hit : proceed(target, id);
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(int id): near() && call(static * *(int)) && args(id) {
        Object hit = hit(thisJoinPointStaticPart, null, id);
        return hit != NearLookups.MISS ? hit : proceed(id);
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object target, Object id): near() && call(!static * *(Object+)) && target(target) && args(id) {
        Object hit = hit(thisJoinPointStaticPart, target, id);
        return hit != NearLookups.MISS ? hit : proceed(target, id);
    }

    @SuppressAjWarnings("adviceDidNotMatch")
    Object around(Object id): near() && call(static * *(Object+)) && args(id) {
        Object hit = hit(thisJoinPointStaticPart, null, id);
        return hit != NearLookups.MISS ? hit : proceed(id);
    }

    /** The plan of the method a call site calls, once the method's first execution has built it. */
    private static CachedPlan plan(JoinPoint.StaticPart site, Object target) {
        CachedPlan plan = SITES.get(site);
        if (plan == null) {
            Method method = ((MethodSignature) site.getSignature()).getMethod();
            plan = method == null ? null : KompressAspect.cachedPlan(method);
            if (plan == null) {
                return null;
            }
            SITES.putIfAbsent(site, plan);
        }
        return plan.runsOn(target) ? plan : null;
    }

    /**
     * The near hit of a call whose argument is the number {@code id}, or {@link NearLookups#MISS}.
     *
     * @param site   the call site's static part
     * @param target the object called, or null for a static method
     * @param id     the call's argument
     * @return the hit, or {@link NearLookups#MISS}
     */
    public static Object hit(JoinPoint.StaticPart site, Object target, long id) {
        CachedPlan plan = plan(site, target);
        return plan == null ? NearLookups.MISS : plan.nearHit(id);
    }

    /**
     * The near hit of a call whose argument is {@code id} (or of no argument), or {@link NearLookups#MISS}.
     *
     * @param site   the call site's static part
     * @param target the object called, or null for a static method
     * @param id     the call's argument, or null for a method of no parameter
     * @return the hit, or {@link NearLookups#MISS}
     */
    public static Object hit(JoinPoint.StaticPart site, Object target, Object id) {
        CachedPlan plan = plan(site, target);
        return plan == null ? NearLookups.MISS : plan.nearHit(id);
    }
}
