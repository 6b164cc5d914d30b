package io.kompress.spring;

import java.lang.reflect.Method;
import java.util.StringJoiner;
import org.springframework.cache.interceptor.KeyGenerator;

/**
 * Spring's default key generator made field-shaped: a method's parameters, each as {@link FieldKeys} writes a
 * simple key ({@code 42}, {@code acme}, an enum's name), joined by {@code :} ({@code acme:42}); a method without
 * parameters caches under {@code _}. Set by the Boot starter; with plain Spring, return it from your
 * {@code CachingConfigurer.keyGenerator()}. A parameter of another type fails with a message asking for a
 * {@code key} expression.
 */
public final class KompressKeyGenerator implements KeyGenerator {

    /** Creates the generator; it holds no state. */
    public KompressKeyGenerator() {
    }

    @Override
    public Object generate(Object target, Method method, Object... params) {
        if (params.length == 0) {
            return FieldKeys.NO_PARAMETERS;
        }
        if (params.length == 1) {
            return params[0] == null ? nullParameter(method) : params[0];
        }
        StringJoiner field = new StringJoiner(":");
        for (Object p : params) {
            String part = p == null ? null : FieldKeys.part(p);
            if (part == null) {
                throw new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "." + method.getName()
                    + ": parameter " + (p == null ? "null" : "of type " + p.getClass().getName())
                    + " has no stable field text; name the field with @Cacheable(key = \"...\")");
            }
            field.add(part);
        }
        return field.toString();
    }

    private static Object nullParameter(Method method) {
        throw new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "." + method.getName()
            + ": a null parameter names no field");
    }
}
